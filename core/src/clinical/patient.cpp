#include "infant_all/clinical/patient.h"

#include "infant_all/format.h"
#include "infant_all/io/dates.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace infant_all {

namespace {

// Thresholds are compared with a relative slack of 1e-9 so that a value that is the threshold
// after a unit conversion (0.01 % -> 1e-4, 300000/uL -> 300) is treated as the threshold itself.
constexpr double kRelSlack = 1e-9;
bool approx_ge(double x, double t) { return x >= t - kRelSlack * std::fabs(t); }
bool approx_gt(double x, double t) { return x > t + kRelSlack * std::fabs(t); }
bool approx_eq(double x, double t) { return std::fabs(x - t) <= kRelSlack * std::fabs(t); }

// Ten significant digits: a value computed from the inputs (3.285420945 months), as a person
// reads it.
std::string num(double v) { return format_number(v, 10); }

void add_flag(std::vector<std::string>& flags, const char* f) {
  for (const auto& g : flags) {
    if (g == f) return;
  }
  flags.push_back(f);
}

// Flags and notes are written only when the facts are wanted with their words.
void add_flag(PatientFacts& f, const char* flag) {
  if (f.with_text) add_flag(f.flags, flag);
}

// An error's value and message, built only when they are shown (error_words).
struct ErrorWords {
  std::string value;
  std::string message;
};

// Without error_words the error names its field only: a group needs to know that the patient is
// invalid, not the formatted number and sentence, which cost more than the rules.
template <class Words>
void add_error(PatientFacts& f, const char* field, Words words) {
  if (!f.error_words) {
    f.errors.push_back(FieldError{field, {}, {}});
    return;
  }
  ErrorWords w = words();
  f.errors.push_back(FieldError{field, std::move(w.value), std::move(w.message)});
}

// Age from the two dates (preferred source). Returns false when the dates cannot be used.
bool derive_age_from_dates(const PatientInput& in, PatientFacts& f) {
  bool ok = true;
  if (in.dob && !is_valid_date(*in.dob)) {
    add_error(f, "dob", [&] {
      return ErrorWords{to_string(*in.dob),
                        "dob " + to_string(*in.dob) + " is not a calendar date"};
    });
    ok = false;
  }
  if (in.diagnosis_date && !is_valid_date(*in.diagnosis_date)) {
    add_error(f, "diagnosis_date", [&] {
      return ErrorWords{
          to_string(*in.diagnosis_date),
          "diagnosis_date " + to_string(*in.diagnosis_date) + " is not a calendar date"};
    });
    ok = false;
  }
  // A date after today is an error whether or not the other date is given.
  if (ok && in.today && is_valid_date(*in.today)) {
    for (const auto& checked :
         {std::pair<const char*, const std::optional<Date>*>{"diagnosis_date", &in.diagnosis_date},
          {"dob", &in.dob}}) {
      // Named copies, not structured bindings: a C++17 lambda cannot capture those.
      const char* name = checked.first;
      const std::optional<Date>* date = checked.second;
      if (*date && *in.today < **date) {
        add_error(f, name, [&] {
          return ErrorWords{to_string(**date), std::string(name) + " " + to_string(**date) +
                                                   " is in the future (today is " +
                                                   to_string(*in.today) + ")"};
        });
        ok = false;
      }
    }
  }
  if (!ok || !in.dob || !in.diagnosis_date) {
    if (ok && (in.dob.has_value() != in.diagnosis_date.has_value())) {
      if (f.with_text)
        f.notes.push_back("Only one of dob and diagnosis_date is given; age is taken from " +
                          std::string(in.age_days     ? "age_days"
                                      : in.age_months ? "age_months"
                                                      : "nothing") +
                          ".");
    }
    return false;
  }
  const Date& dob = *in.dob;
  const Date& dx = *in.diagnosis_date;
  if (dx < dob) {
    add_error(f, "diagnosis_date", [&] {
      return ErrorWords{to_string(dx),
                        "diagnosis_date " + to_string(dx) + " is before dob " + to_string(dob)};
    });
    return false;
  }
  const std::int64_t days = days_since_epoch(dx) - days_since_epoch(dob);
  // Diagnosis > ~5 million years after birth cannot occur; the cast below is therefore safe.
  f.age_days = static_cast<int>(days > 1000000 ? 1000000 : days);
  f.age_source = AgeSource::dates;
  f.age_lt_6mo = tri(dx < add_months_clamped(dob, 6));
  if (in.age_days && std::isfinite(*in.age_days) && std::fabs(*in.age_days - double(days)) > 1.0) {
    add_flag(f, "AGE_DAYS_DATES_DISAGREE");
    if (f.with_text)
      f.notes.push_back("age_days " + num(*in.age_days) +
                        " differs from the age computed from the "
                        "dates (" +
                        std::to_string(days) +
                        " days) by more than 1 day; the dates "
                        "are used.");
  }
  return true;
}

void derive_age(const PatientInput& in, PatientFacts& f) {
  // age_days and age_months are checked against their hard limits even when the dates win.
  bool days_ok = false;
  if (in.age_days) {
    const double d = *in.age_days;
    if (!std::isfinite(d) || d < 0) {
      add_error(f, "age_days", [&] {
        return ErrorWords{num(d), "age_days " + num(d) + " is negative or not a number"};
      });
    } else if (d != std::floor(d)) {
      add_error(f, "age_days", [&] {
        return ErrorWords{num(d), "age_days " + num(d) + " is not a whole number of days"};
      });
    } else {
      days_ok = true;
    }
  }
  bool months_ok = false;
  if (in.age_months) {
    const double m = *in.age_months;
    if (!std::isfinite(m) || m < 0 || m > 12.0) {
      add_error(f, "age_months", [&] {
        return ErrorWords{num(m), "age_months " + num(m) + " is outside 0 to 12.0"};
      });
    } else {
      months_ok = true;
    }
  }
  if (derive_age_from_dates(in, f)) {
    // handled
  } else if (days_ok) {
    const double d = *in.age_days;
    f.age_days = static_cast<int>(d > 1000000 ? 1000000 : d);
    f.age_source = AgeSource::age_days;
    // Six calendar months span 181-184 days; with days only the mean month is taken,
    // 6 x 30.4375 = 182.625, i.e. <= 182 days is "< 6 months" (docs/CLINICAL-RULES.md, "Shared
    // conventions").
    f.age_lt_6mo = tri(*f.age_days <= 182);
  } else if (months_ok) {
    f.age_months = *in.age_months;
    f.age_source = AgeSource::age_months;
    f.age_lt_6mo = tri(*in.age_months < 6.0);
    add_flag(f, "AGE_MONTHS_ONLY");
    if (f.with_text)
      f.notes.push_back(
          "Age is known in months only (lowest confidence); give the dates or "
          "age_days.");
  }
  if (f.age_days) {
    f.age_le_365d = tri(*f.age_days <= 365);
  } else if (f.age_months) {
    // 12.0 months may be 365 or 366 days.
    f.age_le_365d = *f.age_months < 12.0 ? Tri::True : Tri::Unknown;
  }
}

void derive_wbc(const PatientInput& in, PatientFacts& f) {
  if (!in.wbc) return;
  const double v = *in.wbc;
  if (!std::isfinite(v)) {
    add_error(f, "wbc", [&] { return ErrorWords{num(v), "wbc is not a number"}; });
    return;
  }
  if (!in.wbc_unit) {
    if (v > 3000) {
      add_flag(f, "WBC_UNIT_SUSPECT");
      add_error(f, "wbc", [&] {
        return ErrorWords{num(v),
                          "wbc " + num(v) +
                              " has no unit and is > 3000: almost certainly a count per uL; "
                              "state the unit (wbc_unit) to confirm"};
      });
      return;
    }
    if (v > 1000) {
      // Read as x10^9/L it is >= 300; read as /uL it is 1-3 x10^9/L: the two readings always
      // disagree on >= 300, so the criterion stays UNKNOWN until a unit is given
      // (docs/CLINICAL-INPUTS.md, "Numbers with units").
      add_flag(f, "WBC_UNIT_SUSPECT");
      if (f.with_text)
        f.notes.push_back("WBC " + num(v) +
                          " has no unit and is between 1000 and 3000: more likely a count per uL "
                          "than x10^9/L; WBC >= 300 x10^9/L stays unknown until the unit is given "
                          "(wbc_unit).");
      f.wbc_ge_300 = Tri::Unknown;
      return;
    }
    add_flag(f, "WBC_UNIT_ASSUMED");
    if (f.with_text) f.notes.push_back("WBC unit assumed x10^9/L (no unit given).");
  } else if (*in.wbc_unit == WbcUnit::g_per_l_lowercase) {
    add_flag(f, "WBC_UNIT_LOWERCASE_G_PER_L");
    if (f.with_text)
      f.notes.push_back("WBC unit \"g/L\" read as G/L (x10^9/L); g/L is a mass unit.");
  } else if (*in.wbc_unit == WbcUnit::x10e9_per_ml_typo) {
    add_flag(f, "WBC_UNIT_PER_ML_READ_AS_PER_L");
    if (f.with_text)
      f.notes.push_back("WBC unit \"x10^9/mL\" read as x10^9/L, not converted literally.");
  }
  const double x = wbc_to_x10e9_l(v, in.wbc_unit.value_or(WbcUnit::x10e9_per_l));
  if (x <= 0) {
    add_error(f, "wbc", [&] { return ErrorWords{num(v), "wbc " + num(v) + " must be > 0"}; });
    return;
  }
  if (x > 3000) {
    add_error(f, "wbc", [&] {
      return ErrorWords{
          num(v), "wbc " + num(x) + " x10^9/L is > 3000 x10^9/L (the hard limit); check the unit"};
    });
    return;
  }
  if (x < 0.5) add_flag(f, "WBC_LOW");
  if (x > 1000) add_flag(f, "WBC_VERY_HIGH");
  f.wbc_x10e9_l = x;
  f.wbc_ge_300 = tri(approx_ge(x, 300.0));
}

void derive_prednisone(const PatientInput& in, PatientFacts& f) {
  std::optional<double> direct;
  if (in.day8_blasts_per_ul) {
    const double b = *in.day8_blasts_per_ul;
    if (!std::isfinite(b) || b < 0 || b > 3000000) {
      add_error(f, "day8_blasts_per_ul", [&] {
        return ErrorWords{num(b), "day8_blasts_per_ul " + num(b) + " is outside 0 to 3,000,000/uL"};
      });
    } else {
      direct = b;
    }
  }
  std::optional<double> pct;
  if (in.day8_blast_pct) {
    const double p = *in.day8_blast_pct;
    if (!std::isfinite(p) || p < 0 || p > 100) {
      add_error(f, "day8_blast_pct", [&] {
        return ErrorWords{num(p), "day8_blast_pct " + num(p) + " is outside 0 to 100"};
      });
    } else {
      pct = p;
    }
  }
  std::optional<double> wbc8;  // x10^9/L
  if (in.day8_wbc) {
    const double v = *in.day8_wbc;
    if (!std::isfinite(v) || v < 0) {
      add_error(f, "day8_wbc", [&] {
        return ErrorWords{num(v), "day8_wbc " + num(v) + " is negative or not a number"};
      });
    } else if (!in.day8_wbc_unit && v > 3000) {
      add_flag(f, "DAY8_WBC_UNIT_SUSPECT");
      add_error(f, "day8_wbc", [&] {
        return ErrorWords{num(v), "day8_wbc " + num(v) +
                                      " has no unit and is > 3000: almost certainly a count per "
                                      "uL; state the unit to confirm"};
      });
    } else {
      if (!in.day8_wbc_unit) {
        add_flag(f, "DAY8_WBC_UNIT_ASSUMED");
        if (f.with_text) f.notes.push_back("Day-8 WBC unit assumed x10^9/L (no unit given).");
      }
      const double x = wbc_to_x10e9_l(v, in.day8_wbc_unit.value_or(WbcUnit::x10e9_per_l));
      if (x > 3000) {
        add_error(f, "day8_wbc", [&] {
          return ErrorWords{num(v), "day8_wbc " + num(x) + " x10^9/L is > 3000 x10^9/L"};
        });
      } else {
        wbc8 = x;
      }
    }
  }
  std::optional<double> computed;
  if (wbc8 && pct) computed = *wbc8 * 1000.0 * *pct / 100.0;
  if (!direct && (wbc8.has_value() != pct.has_value()) && (in.day8_wbc || in.day8_blast_pct)) {
    if (f.with_text) f.notes.push_back("Day-8 blasts need both day8_wbc and day8_blast_pct.");
  }
  if (direct && computed && approx_ge(*direct, 1000) != approx_ge(*computed, 1000)) {
    add_flag(f, "DAY8_COUNTS_DISAGREE");
    if (f.with_text)
      f.notes.push_back("day8_blasts_per_ul (" + num(*direct) +
                        ") and day8_wbc x day8_blast_pct (" + num(*computed) +
                        "/uL) fall on opposite sides of 1000/uL; "
                        "day8_blasts_per_ul is used.");
  }
  const std::optional<double> blasts = direct ? direct : computed;
  const char* src = direct ? "day8_blasts_per_ul" : "day8_wbc x day8_blast_pct";
  if (blasts) {
    f.day8_blasts_per_ul = blasts;
    if (approx_eq(*blasts, 1000)) add_flag(f, "DAY8_BLASTS_EXACTLY_1000");
    if (f.wbc_x10e9_l && *blasts > *f.wbc_x10e9_l * 1000.0) {
      add_flag(f, "DAY8_BLASTS_EXCEED_DIAGNOSTIC_WBC");
    }
  }
  if (in.prednisone_prephase_given && !*in.prednisone_prephase_given) {
    add_flag(f, "PREDNISONE_PREPHASE_NOT_GIVEN");
    if (f.with_text)
      f.notes.push_back("No prednisone prephase: the prednisone response is not evaluable.");
    f.ppr = Tri::Unknown;
    return;
  }
  if (in.pred_response) {
    const bool explicit_ppr = *in.pred_response == PredResponse::ppr;
    f.ppr = tri(explicit_ppr);
    f.ppr_source = "pred_response";
    const std::pair<std::optional<double>, const char*> counts[] = {
        {direct, "day8_blasts_per_ul"}, {computed, "day8_wbc x day8_blast_pct"}};
    for (const auto& c : counts) {
      if (c.first && approx_ge(*c.first, 1000) != explicit_ppr) {
        add_flag(f, "PRED_RESPONSE_CONFLICT");
        add_error(f, "pred_response", [&] {
          return ErrorWords{to_string(*in.pred_response),
                            std::string("PRED_RESPONSE_CONFLICT: pred_response ") +
                                to_string(*in.pred_response) + " conflicts with " + c.second +
                                " = " + num(*c.first) + "/uL (PPR is >= 1000/uL)"};
        });
      }
    }
  } else if (blasts) {
    f.ppr = tri(approx_ge(*blasts, 1000));
    f.ppr_source = src;
  }
}

void derive_cns(const PatientInput& in, PatientFacts& f) {
  if (in.csf_wbc_per_ul) {
    const double v = *in.csf_wbc_per_ul;
    if (!std::isfinite(v) || v < 0) {
      add_error(f, "csf_wbc_per_ul", [&] {
        return ErrorWords{num(v), "csf_wbc_per_ul " + num(v) + " is negative"};
      });
    } else if (v > 1000) {
      add_flag(f, "CSF_WBC_HIGH");
    }
  }
  if (in.csf_rbc_per_ul) {
    const double v = *in.csf_rbc_per_ul;
    if (!std::isfinite(v) || v < 0) {
      add_error(f, "csf_rbc_per_ul", [&] {
        return ErrorWords{num(v), "csf_rbc_per_ul " + num(v) + " is negative"};
      });
    } else if (v >= 10) {
      add_flag(f, "CSF_TRAUMATIC");
    }
  }
  const auto ok = [](const std::optional<double>& v) { return v && std::isfinite(*v) && *v >= 0; };
  std::optional<CnsStatus> csf;  // what the CSF alone says
  if (in.csf_blasts) {
    if (!*in.csf_blasts) {
      csf =
          ok(in.csf_rbc_per_ul) && *in.csf_rbc_per_ul >= 10 ? CnsStatus::tlp_neg : CnsStatus::cns1;
    } else if (ok(in.csf_rbc_per_ul)) {
      if (*in.csf_rbc_per_ul >= 10) {
        csf = CnsStatus::tlp_pos;
      } else if (ok(in.csf_wbc_per_ul)) {
        csf = *in.csf_wbc_per_ul >= 5 ? CnsStatus::cns3 : CnsStatus::cns2;
      }
    }
  }
  std::optional<CnsStatus> derived = csf;
  // A blank cell of a present palsy/mass column is UNKNOWN, not "no"; an absent column says
  // nothing and is not read (docs/CLINICAL-INPUTS.md, "Blank cells of present columns").
  auto clinical = [&](const std::optional<bool>& v, const char* name) {
    return v ? tri(*v) : in.is_blank(name) ? Tri::Unknown : Tri::False;
  };
  const Tri palsy_or_mass_tri =
      clinical(in.cranial_nerve_palsy, "cranial_nerve_palsy") || clinical(in.cns_mass, "cns_mass");
  const bool palsy_or_mass = palsy_or_mass_tri == Tri::True;
  if (palsy_or_mass && csf != CnsStatus::cns3) {
    derived = CnsStatus::cns3;
  } else if (palsy_or_mass_tri == Tri::Unknown && csf && csf != CnsStatus::cns3) {
    derived.reset();
    if (!in.cns_status) {
      if (f.with_text)
        f.notes.push_back(
            "Cranial nerve palsy or CNS mass is blank: CNS3 is not excluded, so the CNS status "
            "is unknown (a blank is never read as 'no').");
    }
  }
  if (in.cns_status) {
    f.cns_status = in.cns_status;
    if (derived && *derived != *in.cns_status) {
      add_flag(f, "CNS_STATUS_CONFLICT");
      if (f.with_text)
        f.notes.push_back(std::string("cns_status ") + to_string(*in.cns_status) +
                          " differs from the status the CSF/clinical fields give (" +
                          to_string(*derived) + "); the explicit cns_status is used.");
    }
  } else {
    f.cns_status = derived;
    f.cns3_by_palsy_or_mass = palsy_or_mass && csf != CnsStatus::cns3;
    if (!derived && in.csf_blasts.value_or(false)) {
      if (f.with_text)
        f.notes.push_back(
            "CSF blasts present but the CSF RBC (traumatic tap?) or WBC count is "
            "missing; CNS status unknown.");
    }
  }
}

void check_mrd(const char* field, const std::optional<Mrd>& m, const PatientInput& in,
               PatientFacts& f) {
  if (!m || m->kind != MrdKind::quantified) return;
  const double v = m->value;
  const std::optional<MrdUnit> unit = m->unit ? m->unit : in.mrd_unit;
  if (!std::isfinite(v)) {
    add_error(f, field, [&] {
      return ErrorWords{num(v), std::string(field) + " is not a number"};
    });
    return;
  }
  double frac = v;
  if (!unit) {
    if (v < 0 || v > 100) {
      add_error(f, field, [&] {
        return ErrorWords{num(v), std::string(field) + " " + num(v) +
                                      " is outside 0 to 1 "
                                      "(fraction) and 0 to 100 (percent)"};
      });
      return;
    }
    add_flag(f, "MRD_UNIT_NOT_GIVEN");
    return;
  }
  switch (*unit) {
    case MrdUnit::fraction:
      frac = v;
      break;
    case MrdUnit::percent:
      frac = v / 100.0;
      break;
    case MrdUnit::log10:
      if (v > 0) {
        add_error(f, field, [&] {
          return ErrorWords{num(v), std::string(field) + " log10 value " + num(v) + " is > 0"};
        });
        return;
      }
      frac = std::pow(10.0, v);
      break;
  }
  if (frac < 0 || frac > 1) {
    // Stated in the unit the value was given in: "150 % is outside 0-100 %".
    const std::string range = *unit == MrdUnit::percent ? "0-100 %" : "0-1 (a fraction)";
    add_error(f, field, [&] {
      return ErrorWords{num(v), std::string(field) + " " + num(v) +
                                    (*unit == MrdUnit::percent ? " %" : "") + " is outside " +
                                    range + " of nucleated cells"};
    });
    return;
  }
  if (frac > 0.05) add_flag(f, "MRD_HIGH_CHECK_CR");
}

std::vector<double> mrd_readings(const Mrd& m, const PatientInput& in) {
  if (m.kind == MrdKind::negative) return {0.0};
  const std::optional<MrdUnit> unit = m.unit ? m.unit : in.mrd_unit;
  if (unit) {
    switch (*unit) {
      case MrdUnit::fraction:
        return {m.value};
      case MrdUnit::percent:
        return {m.value / 100.0};
      case MrdUnit::log10:
        return {std::pow(10.0, m.value)};
    }
  }
  if (m.value <= 1.0) return {m.value, m.value / 100.0};
  return {m.value / 100.0};
}

}  // namespace

bool PatientInput::is_blank(const char* input) const {
  // One strlen, then a length test per name: asked for every row of a cohort.
  const std::string_view want(input);
  for (const auto& b : blank_inputs) {
    if (b.size() == want.size() && std::string_view(b) == want) return true;
  }
  return false;
}

const char* to_string(Tri t) {
  switch (t) {
    case Tri::True:
      return "TRUE";
    case Tri::False:
      return "FALSE";
    case Tri::Unknown:
      break;
  }
  return "UNKNOWN";
}

bool operator==(const Date& a, const Date& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}
bool operator<(const Date& a, const Date& b) {
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  return a.day < b.day;
}

bool is_valid_date(const Date& d) {
  return d.year >= 1 && d.year <= 9999 && valid_civil(d.year, d.month, d.day);
}

// The civil-date algorithms live in dates.h (shared with the CSV reader); this file only adapts
// them to the Date struct.
std::int64_t days_since_epoch(const Date& d) { return days_from_civil(d.year, d.month, d.day); }

Date date_from_days(std::int64_t z) {
  Date out;
  civil_from_days(static_cast<std::int32_t>(z), &out.year, &out.month, &out.day);
  return out;
}

Date add_months_clamped(const Date& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  Date out;
  out.year = index / 12;
  out.month = index % 12 + 1;
  const int last = days_in_month(out.year, out.month);
  out.day = d.day > last ? last : d.day;
  return out;
}

std::string to_string(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

const char* to_string(WbcUnit u) {
  switch (u) {
    case WbcUnit::x10e9_per_l:
      return "x10^9/L";
    case WbcUnit::per_ul:
      return "/uL";
    case WbcUnit::g_per_l_lowercase:
      return "g/L";
    case WbcUnit::x10e9_per_ml_typo:
      return "x10^9/mL";
  }
  return "?";
}
const char* to_string(PredResponse v) { return v == PredResponse::ppr ? "PPR" : "PGR"; }
const char* to_string(Kmt2aStatus v) {
  switch (v) {
    case Kmt2aStatus::rearranged:
      return "rearranged";
    case Kmt2aStatus::germline:
      return "germline";
    case Kmt2aStatus::unknown:
      break;
  }
  return "unknown";
}
const char* to_string(Kmt2aMethod v) {
  switch (v) {
    case Kmt2aMethod::fish:
      return "FISH";
    case Kmt2aMethod::rt_pcr:
      return "RT-PCR";
    case Kmt2aMethod::karyotype:
      return "karyotype";
    case Kmt2aMethod::ngs:
      return "NGS";
    case Kmt2aMethod::other:
      break;
  }
  return "other";
}
const char* to_string(Kmt2aPartner v) {
  switch (v) {
    case Kmt2aPartner::t4_11:
      return "t4_11";
    case Kmt2aPartner::t11_19:
      return "t11_19";
    case Kmt2aPartner::t9_11:
      return "t9_11";
    case Kmt2aPartner::other:
      break;
  }
  return "other";
}
const char* to_string(Immunophenotype v) {
  switch (v) {
    case Immunophenotype::b:
      return "B";
    case Immunophenotype::t:
      return "T";
    case Immunophenotype::mpal:
      return "MPAL";
    case Immunophenotype::mature_b:
      break;
  }
  return "mature-B";
}
const char* to_string(CnsStatus v) {
  switch (v) {
    case CnsStatus::cns1:
      return "CNS1";
    case CnsStatus::cns2:
      return "CNS2";
    case CnsStatus::cns3:
      return "CNS3";
    case CnsStatus::tlp_pos:
      return "TLP+";
    case CnsStatus::tlp_neg:
      break;
  }
  return "TLP-";
}
const char* to_string(Sex v) { return v == Sex::male ? "male" : "female"; }
const char* to_string(MrdUnit v) {
  switch (v) {
    case MrdUnit::fraction:
      return "fraction";
    case MrdUnit::percent:
      return "percent";
    case MrdUnit::log10:
      break;
  }
  return "log10";
}

double wbc_to_x10e9_l(double value, WbcUnit unit) {
  return unit == WbcUnit::per_ul ? value / 1000.0 : value;
}

PatientFacts derive_facts(const PatientInput& in, bool with_text, bool error_words) {
  PatientFacts f;
  f.with_text = with_text;
  f.error_words = error_words;
  derive_age(in, f);
  derive_wbc(in, f);
  derive_prednisone(in, f);
  derive_cns(in, f);

  f.kmt2a = in.kmt2a_status.value_or(Kmt2aStatus::unknown);
  if (f.kmt2a == Kmt2aStatus::germline && in.kmt2a_method == Kmt2aMethod::karyotype) {
    add_flag(f, "KMT2A_GERMLINE_NOT_FISH_CONFIRMED");
    if (f.with_text)
      f.notes.push_back(
          "KMT2A germline by karyotype only: a normal karyotype does not exclude a "
          "cryptic rearrangement; Interfant-06 required a negative split-signal FISH.");
  }
  if (in.kmt2a_partner_ell) {
    add_flag(f, "T11_19_ELL_MAPPED_OTHER");
    if (f.with_text)
      f.notes.push_back(
          "KMT2A::ELL t(11;19)(q23;p13.1) is grouped with 'other' partners, not with "
          "t(11;19) KMT2A::MLLT1.");
  }
  if (in.bcr_abl1_positive.value_or(false)) {
    add_flag(f, "PH_POSITIVE_OUTSIDE_SCOPE");
    if (f.with_text)
      f.notes.push_back(
          "BCR::ABL1-positive (Ph+) ALL is outside the scope of these infant "
          "protocols (the one Ph+ patient was excluded from the Interfant-06 "
          "analysis).");
  }

  check_mrd("mrd_eoi", in.mrd_eoi, in, f);
  check_mrd("mrd_eoc", in.mrd_eoc, in, f);
  check_mrd("mrd_pre_octada", in.mrd_pre_octada, in, f);
  check_mrd("mrd_post_blina1", in.mrd_post_blina1, in, f);
  if (in.mrd_qr) {
    const double q = *in.mrd_qr;
    if (!std::isfinite(q) || q <= 0 || q > 1) {
      add_error(f, "mrd_qr", [&] {
        return ErrorWords{num(q), "mrd_qr " + num(q) + " is outside (0, 1] as a fraction"};
      });
    }
  }
  return f;
}

Tri age_lt_days(const PatientFacts& f, int days) {
  if (f.age_days) return tri(*f.age_days < days);
  if (f.age_months) {
    const double est = *f.age_months * 30.4375;
    if (est < days - 3) return Tri::True;
    if (est >= days + 3) return Tri::False;
  }
  return Tri::Unknown;
}

std::optional<double> mrd_fraction(const std::optional<Mrd>& m, const PatientInput& in) {
  if (!m || m->kind == MrdKind::below_qr) return std::nullopt;
  const std::vector<double> r = mrd_readings(*m, in);
  if (r.size() != 1) return std::nullopt;
  return r[0];
}

Tri mrd_compare(const std::optional<Mrd>& m, const PatientInput& in, double threshold, bool strict,
                std::vector<std::string>* flags) {
  if (!m) return Tri::Unknown;
  if (m->kind == MrdKind::below_qr) {
    if (flags) add_flag(*flags, "MRD_BELOW_QR");
    // Detectable but below the quantitative range: the value lies in (0, qr).
    if (in.mrd_qr && *in.mrd_qr <= threshold * (1 + kRelSlack)) return Tri::False;
    return Tri::Unknown;
  }
  if (m->kind == MrdKind::quantified && !std::isfinite(m->value)) return Tri::Unknown;
  const std::vector<double> r = mrd_readings(*m, in);
  std::optional<bool> answer;
  for (double x : r) {
    const bool hit = strict ? approx_gt(x, threshold) : approx_ge(x, threshold);
    if (answer && *answer != hit) {
      if (flags) add_flag(*flags, "MRD_UNIT_AMBIGUOUS");
      return Tri::Unknown;
    }
    answer = hit;
  }
  return answer ? tri(*answer) : Tri::Unknown;
}

}  // namespace infant_all
