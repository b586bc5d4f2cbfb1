#include "infant_all/clinical/classify.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "infant_all/format.h"

namespace infant_all {

namespace {

// One input to a protocol's group rule: its criterion name, value, and the canonical input
// (docs/CLINICAL-INPUTS.md, "Column names") that settles it when it is UNKNOWN.
struct Var {
  const char* criterion;
  Tri value;
  const char* input;
};

using Predicate = Tri (*)(const Tri* v);

// A group, the predicate the classifier evaluates, and the same predicate in words: the rule
// tables shown to users (protocol_rules) are these rows.
struct GroupDef {
  const char* name;
  Predicate pred;
  const char* rule;
};

void add_unique(std::vector<std::string>& xs, const std::string& x) {
  for (const auto& y : xs) {
    if (y == x) return;
  }
  xs.push_back(x);
}

// Ten significant digits: a value computed from the inputs (3.285420945 months), as a person
// reads it.
std::string num(double v) { return format_number(v, 10); }

// The group whose predicate is TRUE in Kleene logic (docs/CLINICAL-RULES.md, "Shared
// conventions") when exactly one is; otherwise nullptr (indeterminate).
const char* settle(const Tri* v, const std::vector<GroupDef>& groups) {
  const char* truthy = nullptr;
  for (const auto& g : groups) {
    if (g.pred(v) != Tri::True) continue;
    if (truthy != nullptr) return nullptr;
    truthy = g.name;
  }
  return truthy;
}

// settle() with its words: the candidates, and which UNKNOWN inputs matter: an input is listed
// in `missing` when flipping it changes the group for some filling of the other unknowns. Rules
// have at most 4 inputs, so the 2^k enumeration is tiny.
void decide(const std::vector<Var>& vars, const std::vector<GroupDef>& groups, ClassifyResult& r) {
  std::vector<Tri> v;
  v.reserve(vars.size());
  for (const auto& x : vars) v.push_back(x.value);
  if (const char* group = settle(v.data(), groups)) {
    r.status = ClassifyStatus::definite;
    r.group = group;
    r.candidates = {group};
    return;
  }
  for (const auto& g : groups) {
    if (g.pred(v.data()) != Tri::False) r.candidates.push_back(g.name);
  }
  r.status = ClassifyStatus::indeterminate;
  std::vector<std::size_t> unknown;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (vars[i].value == Tri::Unknown) unknown.push_back(i);
  }
  const std::size_t k = unknown.size();
  auto group_of = [&](std::size_t mask) -> std::size_t {
    std::vector<Tri> w = v;
    for (std::size_t j = 0; j < k; ++j) w[unknown[j]] = tri(((mask >> j) & 1U) != 0);
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      if (groups[gi].pred(w.data()) == Tri::True) return gi;
    }
    return groups.size();
  };
  for (std::size_t j = 0; j < k; ++j) {
    bool matters = false;
    for (std::size_t mask = 0; mask < (std::size_t{1} << k) && !matters; ++mask) {
      if (((mask >> j) & 1U) != 0) continue;
      matters = group_of(mask) != group_of(mask | (std::size_t{1} << j));
    }
    if (matters) add_unique(r.missing, vars[unknown[j]].input);
  }
}

void push_criteria(const std::vector<Var>& vars, ClassifyResult& r) {
  for (const auto& x : vars) r.criteria.push_back(Criterion{x.criterion, x.value});
}

std::string age_text(const PatientFacts& f) {
  switch (f.age_source) {
    case AgeSource::dates:
      return std::to_string(*f.age_days) + " days (from dates)";
    case AgeSource::age_days:
      return std::to_string(*f.age_days) + " days";
    case AgeSource::age_months:
      return num(*f.age_months) + " months (months only)";
    case AgeSource::none:
      break;
  }
  return "unknown";
}

std::string kmt2a_reason(const PatientFacts& f) {
  switch (f.kmt2a) {
    case Kmt2aStatus::rearranged:
      return "KMT2A rearranged";
    case Kmt2aStatus::germline:
      return "KMT2A germline";
    case Kmt2aStatus::unknown:
      break;
  }
  return "KMT2A status unknown";
}

std::string age6_reason(const PatientFacts& f, const PatientInput& in) {
  if (f.age_lt_6mo == Tri::Unknown) return "age unknown";
  std::string s = f.age_lt_6mo == Tri::True ? "age < 6 months" : "age >= 6 months";
  s += " (" + age_text(f);
  if (f.age_source == AgeSource::dates) {
    s += "; 6-month date " + to_string(add_months_clamped(*in.dob, 6));
  } else if (f.age_source == AgeSource::age_days) {
    s += "; days-only rule: < 6 months = <= 182 days";
  }
  return s + ")";
}

std::string age_days_reason(const PatientFacts& f, int cut) {
  const Tri t = age_lt_days(f, cut);
  const std::string c = std::to_string(cut);
  if (t == Tri::Unknown) {
    return f.age_source == AgeSource::none
               ? "age unknown"
               : "age " + age_text(f) + " cannot be placed against " + c + " days";
  }
  return (t == Tri::True ? "age < " + c + " days (" : "age >= " + c + " days (") + age_text(f) +
         ")";
}

std::string wbc_reason(const PatientFacts& f) {
  if (!f.wbc_x10e9_l) return "WBC unknown";
  return (f.wbc_ge_300 == Tri::True ? "WBC >= 300 x10^9/L (" : "WBC < 300 x10^9/L (") +
         num(*f.wbc_x10e9_l) + " x10^9/L)";
}

std::string ppr_reason(const PatientFacts& f) {
  if (f.ppr == Tri::Unknown) return "prednisone response unknown";
  std::string s =
      f.ppr == Tri::True ? "prednisone poor response (PPR)" : "prednisone good response (PGR)";
  if (f.ppr_source != "pred_response" && f.day8_blasts_per_ul) {
    s += " from " + f.ppr_source + " = " + num(*f.day8_blasts_per_ul) + "/uL (PPR >= 1000/uL)";
  }
  return s;
}

bool near_6_month_boundary(const PatientFacts& f) {
  if (f.age_days) return *f.age_days >= 181 && *f.age_days <= 184;
  if (f.age_months) {
    const double d = *f.age_months * 30.4375;
    return d >= 181 && d <= 184;
  }
  return false;
}

void six_month_flags(const PatientFacts& f, ClassifyResult& r) {
  if (near_6_month_boundary(f)) {
    add_unique(r.flags, "AGE_NEAR_6_MONTH_BOUNDARY");
    r.notes.push_back(
        "Age is within 181-184 days: six calendar months span 181-184 days, so the "
        "group can depend on the convention used for '< 6 months' (not defined "
        "in days by any source).");
  }
}

void wbc300_flag(const PatientFacts& f, ClassifyResult& r) {
  if (f.wbc_x10e9_l && std::fabs(*f.wbc_x10e9_l - 300.0) <= 300.0 * 1e-9) {
    add_unique(r.flags, "WBC_EXACTLY_300");
    r.notes.push_back(
        "WBC is exactly 300 x10^9/L: counted as >= 300 (Interfant-06 wording "
        "\"300 x 10^9/L or more\").");
  }
}

// Outside the infant ALL protocols: mature B-cell leukaemia, or older than 365 days.
bool outside_population(const PatientInput& in, const PatientFacts& f) {
  return in.immunophenotype == Immunophenotype::mature_b || f.age_le_365d == Tri::False;
}

// Population checks shared by the protocols, with their words. Returns true when the patient is
// outside it (outside_population).
bool outside_infant_population(const PatientInput& in, const PatientFacts& f, ClassifyResult& r) {
  if (in.immunophenotype == Immunophenotype::mature_b) {
    r.reasons.push_back(
        "mature B-cell (Burkitt-type) leukaemia is outside the infant ALL "
        "protocols");
    return true;
  }
  if (f.age_le_365d == Tri::False) {
    r.reasons.push_back("age " + age_text(f) + " > 365 days: outside the infant protocols");
    return true;
  }
  if (f.age_source == AgeSource::none) {
    r.notes.push_back("Age unknown: eligibility (age <= 365 days) is not checked.");
  } else if (f.age_le_365d == Tri::Unknown) {
    r.notes.push_back(
        "Age given as 12.0 months: may be 365 or 366 days; eligibility "
        "(<= 365 days) not settled.");
  }
  return false;
}

Tri p_not_first(const Tri* v) { return !v[0]; }

// ---- Interfant-06: v = {kmt2a_r, age_lt_6mo, wbc_ge_300, ppr}
Tri i06_hr(const Tri* v) { return v[0] && v[1] && (v[2] || v[3]); }
Tri i06_mr(const Tri* v) { return v[0] && !(v[1] && (v[2] || v[3])); }
const std::vector<GroupDef>& i06_groups() {
  static const std::vector<GroupDef> g = {
      {"LR", p_not_first, "NOT kmt2a_r (KMT2A germline)"},
      {"MR", i06_mr, "kmt2a_r AND NOT (age_lt_6mo AND (wbc_ge_300 OR ppr))"},
      {"HR", i06_hr, "kmt2a_r AND age_lt_6mo AND (wbc_ge_300 OR ppr)"}};
  return g;
}

// KMT2A rearranged, UNKNOWN when the status is unknown.
Tri kmt2a_r(const PatientFacts& f) {
  return f.kmt2a == Kmt2aStatus::unknown ? Tri::Unknown : tri(f.kmt2a == Kmt2aStatus::rearranged);
}

// A protocol's criteria values, in the order of its group predicates' operands.
template <int N>
struct Values {
  Tri v[N];
};

Values<4> i06_values(const PatientFacts& f) {
  return {{kmt2a_r(f), f.age_lt_6mo, f.wbc_ge_300, f.ppr}};
}

void classify_interfant06(const PatientInput& in, const PatientFacts& f, ClassifyResult& r) {
  const Values<4> x = i06_values(f);
  const std::vector<Var> v = {
      {"kmt2a_r", x.v[0], "kmt2a_status"},
      {"age_lt_6mo", x.v[1], "age_days"},
      {"wbc_ge_300", x.v[2], "wbc"},
      {"ppr", x.v[3], "pred_response"},
  };
  push_criteria(v, r);
  r.reasons = {kmt2a_reason(f), age6_reason(f, in), wbc_reason(f), ppr_reason(f)};
  decide(v, i06_groups(), r);
  six_month_flags(f, r);
  wbc300_flag(f, r);
  if (f.kmt2a == Kmt2aStatus::unknown) {
    r.notes.push_back(
        "In Interfant-06, patients with unknown KMT2A status were not placed in LR "
        "(inferred from the paper's arithmetic: 643 of 651 had known status, "
        "LR = 167 germline, MR + HR = 484 = 476 rearranged + 8 unknown).");
  }
  if (f.ppr == Tri::Unknown && r.status == ClassifyStatus::indeterminate) {
    r.notes.push_back(
        "Interfant-06 does not say how an unknown prednisone response was handled; "
        "it is left unknown.");
  }
  if (r.status != ClassifyStatus::definite) return;
  if (r.group == "HR") {
    add_unique(r.flags, "SCT_ELIGIBLE_HR");
    r.notes.push_back(
        "All Interfant-06 HR patients in CR were eligible for SCT (76 of 164 were "
        "transplanted).");
  } else if (r.group == "MR") {
    std::vector<std::string> mrd_flags;
    const Tri high = mrd_compare(in.mrd_pre_octada, in, 1e-4, false, &mrd_flags);
    for (const auto& fl : mrd_flags) add_unique(r.flags, fl);
    r.criteria.push_back(Criterion{"mrd_pre_octada_ge_1e-4", high});
    if (high == Tri::True) {
      add_unique(r.flags, "SCT_RECOMMENDED_MR_MRD");
      r.reasons.push_back("MRD before OCTADA(D) >= 1e-4");
      const bool before_rule = in.diagnosis_date && *in.diagnosis_date < Date{2009, 6, 1};
      if (before_rule) add_unique(r.flags, "SCT_RULE_NOT_IN_FORCE_AT_DIAGNOSIS");
      r.notes.push_back(
          std::string(
              before_rule ? "Historical: the SCT recommendation for MR with MRD >= 1e-4 at the "
                            "start of OCTADA(D) was not yet in force at this patient's "
                            "diagnosis (it applies from June 2009)."
              : in.diagnosis_date ? "SCT recommended for MR with MRD >= 1e-4 at the start of "
                                    "OCTADA(D) (in force from June 2009)."
                                  : "SCT recommended for MR with MRD >= 1e-4 at the start of "
                                    "OCTADA(D); this applies from June 2009 (no diagnosis date "
                                    "given).") +
          " Context: only 16 of 23 such patients had SCT; their 4-year DFS after SCT was "
          "18.8% (SE 12.5).");
    } else if (high == Tri::Unknown) {
      r.notes.push_back(
          "MRD before OCTADA(D) needed to decide the MR SCT recommendation "
          "(MRD >= 1e-4 -> SCT recommended).");
    }
  }
}

// ---- Interfant-99: v = {ppr}
Tri first(const Tri* v) { return v[0]; }
const std::vector<GroupDef>& i99_groups() {
  static const std::vector<GroupDef> g = {{"SR", p_not_first, "NOT ppr (prednisone good response)"},
                                          {"HR", first, "ppr (prednisone poor response)"}};
  return g;
}

Values<1> i99_values(const PatientFacts& f) { return {{f.ppr}}; }

void classify_interfant99(const PatientInput& in, const PatientFacts& f, ClassifyResult& r) {
  const std::vector<Var> vars = {{"ppr", i99_values(f).v[0], "pred_response"}};
  push_criteria(vars, r);
  r.reasons = {ppr_reason(f)};
  decide(vars, i99_groups(), r);
  r.notes.push_back(
      "Interfant-99 stratification as reported in the 2007 summary; full protocol "
      "criteria not verified.");
  const Tri kr = kmt2a_r(f);
  r.mann_hr_subgroup = kr && f.age_lt_6mo && (f.ppr || f.wbc_ge_300);
  r.criteria.push_back(Criterion{"kmt2a_r", kr});
  r.criteria.push_back(Criterion{"age_lt_6mo", f.age_lt_6mo});
  r.criteria.push_back(Criterion{"wbc_ge_300", f.wbc_ge_300});
  r.criteria.push_back(Criterion{"mann_hr_subgroup", r.mann_hr_subgroup});
  r.reasons.push_back(std::string("post hoc Mann HR subgroup (KMT2A-r, age < 6 months, PPR or "
                                  "WBC >= 300): ") +
                      to_string(r.mann_hr_subgroup) + "; " + kmt2a_reason(f) + ", " +
                      age6_reason(f, in) + ", " + wbc_reason(f));
  r.notes.push_back(
      "The Mann subgroup (Blood 2010) is a post hoc finding, not an Interfant-99 "
      "risk group: HSCT was associated with hazard ratio 0.36 (95% CI 0.15-0.86) "
      "for relapse or death in CR in it, and with no benefit in other patients.");
  six_month_flags(f, r);
  wbc300_flag(f, r);
}

// ---- MLL-10: v = {kmt2a_r, age_lt_180d, cns_disease}
Tri mll10_hr(const Tri* v) { return v[0] && (v[1] || v[2]); }
Tri mll10_ir(const Tri* v) { return v[0] && !v[1] && !v[2]; }
const std::vector<GroupDef>& mll10_groups() {
  static const std::vector<GroupDef> g = {
      {"LR", p_not_first, "NOT kmt2a_r (KMT2A germline)"},
      {"IR", mll10_ir, "kmt2a_r AND NOT age_lt_180d AND NOT cns_disease"},
      {"HR", mll10_hr, "kmt2a_r AND (age_lt_180d OR cns_disease)"}};
  return g;
}

// CNS disease under MLL-10: CNS3 TRUE; CNS1, CNS2 and TLP- FALSE; TLP+ or unknown UNKNOWN.
Tri mll10_cns_disease(const PatientFacts& f) {
  if (!f.cns_status || *f.cns_status == CnsStatus::tlp_pos) return Tri::Unknown;
  return tri(*f.cns_status == CnsStatus::cns3);
}

Values<3> mll10_values(const PatientFacts& f) {
  return {{kmt2a_r(f), age_lt_days(f, 180), mll10_cns_disease(f)}};
}

void classify_mll10(const PatientInput&, const PatientFacts& f, ClassifyResult& r) {
  std::string cns_reason = "CNS status unknown";
  if (f.cns_status) {
    switch (*f.cns_status) {
      case CnsStatus::cns3:
        cns_reason = "CNS disease (CNS3)";
        break;
      case CnsStatus::cns1:
      case CnsStatus::tlp_neg:
        cns_reason = std::string("no CNS disease (") + to_string(*f.cns_status) + ")";
        break;
      case CnsStatus::cns2:
        cns_reason = "no CNS disease (CNS2)";
        r.notes.push_back(
            "CNS2 is not CNS disease under the MLL-10 definition "
            "(>= 5/uL WBC with blasts), so it does not make the patient HR.");
        break;
      case CnsStatus::tlp_pos:
        cns_reason = "traumatic tap with blasts (TLP+): CNS disease unresolved";
        r.notes.push_back(
            "TLP+ is not resolved into CNS disease or not (Steinherz-Bleyer rule or "
            "the clinician's call needed).");
        break;
    }
  }
  if (f.cns3_by_palsy_or_mass) {
    add_unique(r.flags, "CNS3_BY_PALSY_OR_MASS");
    r.notes.push_back(
        "CNS3 here rests on a cranial nerve palsy or CNS mass without CSF blasts "
        ">= 5/uL; MLL-10's definition does not say whether this counts (counted, "
        "as in the standard definition).");
  }
  const Values<3> x = mll10_values(f);
  const std::vector<Var> vars = {
      {"kmt2a_r", x.v[0], "kmt2a_status"},
      {"age_lt_180d", x.v[1], "age_days"},
      {"cns_disease", x.v[2], "cns_status"},
  };
  push_criteria(vars, r);
  r.reasons = {kmt2a_reason(f), age_days_reason(f, 180), cns_reason};
  decide(vars, mll10_groups(), r);
  if (f.age_days && *f.age_days >= 178 && *f.age_days <= 182) {
    add_unique(r.flags, "AGE_NEAR_180_DAY_BOUNDARY");
  }
  if (f.age_days && *f.age_days == 365) {
    add_unique(r.flags, "MLL10_ELIGIBILITY_WORDING");
    r.notes.push_back(
        "MLL-10 eligibility is worded \"age less than 365 days\"; 365 days is "
        "accepted here (<= 365, as in the other infant protocols).");
  }
  if (r.status == ClassifyStatus::definite && r.group == "HR") {
    add_unique(r.flags, "MLL10_HSCT_ALLOCATED");
    r.notes.push_back("All MLL-10 HR patients were allocated to HSCT in first remission.");
  }
}

// ---- Interfant-21: v = {age_lt_6mo, wbc_ge_300, ppr (unknown -> FALSE)}
Tri i21_hr(const Tri* v) { return v[0] && (v[1] || v[2]); }
Tri i21_mr(const Tri* v) { return !(v[0] && (v[1] || v[2])); }
const std::vector<GroupDef>& i21_groups() {
  static const std::vector<GroupDef> g = {
      {"MR", i21_mr, "NOT (age_lt_6mo AND (wbc_ge_300 OR ppr)), unknown ppr counted as FALSE"},
      {"HR", i21_hr, "age_lt_6mo AND (wbc_ge_300 OR ppr), unknown ppr counted as FALSE"}};
  return g;
}

// Interfant-21 enrols neither KMT2A germline infants nor T-ALL.
bool i21_excluded(const PatientInput& in, const PatientFacts& f) {
  return f.kmt2a == Kmt2aStatus::germline || in.immunophenotype == Immunophenotype::t;
}

// An unknown prednisone response counts as good (the protocol's "good or unknown response").
Values<3> i21_values(const PatientFacts& f) {
  return {{f.age_lt_6mo, f.wbc_ge_300, f.ppr == Tri::Unknown ? Tri::False : f.ppr}};
}

void classify_interfant21(const PatientInput& in, const PatientFacts& f, ClassifyResult& r) {
  if (f.kmt2a == Kmt2aStatus::germline) {
    r.status = ClassifyStatus::not_applicable;
    r.reasons.push_back("KMT2A germline: Interfant-21 enrols KMT2A-rearranged infants only");
    return;
  }
  if (in.immunophenotype == Immunophenotype::t) {
    r.status = ClassifyStatus::not_applicable;
    r.reasons.push_back("T-ALL is excluded from Interfant-21");
    return;
  }
  if (in.immunophenotype == Immunophenotype::mpal) {
    r.notes.push_back("Interfant-21 admits B-cell MPAL (WHO 2017) only; check the lineage.");
  }
  const Values<3> x = i21_values(f);
  if (f.ppr == Tri::Unknown) {
    add_unique(r.flags, "INTERFANT21_UNKNOWN_PRED_AS_GOOD");
    r.notes.push_back(
        "Prednisone response unknown: counted as good response, as the "
        "Interfant-21 MR definition states (\"good or unknown response\").");
  }
  const Tri kr = f.kmt2a == Kmt2aStatus::rearranged ? Tri::True : Tri::Unknown;
  r.criteria.push_back(Criterion{"kmt2a_r", kr});
  const std::vector<Var> vars = {
      {"age_lt_6mo", x.v[0], "age_days"},
      {"wbc_ge_300", x.v[1], "wbc"},
      {"ppr", x.v[2], "pred_response"},
  };
  push_criteria(vars, r);
  r.reasons = {
      kmt2a_reason(f), age6_reason(f, in), wbc_reason(f),
      f.ppr == Tri::Unknown ? "prednisone response unknown (counted as good)" : ppr_reason(f)};
  decide(vars, i21_groups(), r);
  six_month_flags(f, r);
  wbc300_flag(f, r);
  if (kr == Tri::Unknown) {
    r.notes.push_back("Interfant-21 requires KMT2A-r; KMT2A status is unknown.");
    r.missing.insert(r.missing.begin(), "kmt2a_status");
    if (r.status == ClassifyStatus::definite) {
      r.status = ClassifyStatus::indeterminate;
      r.group.clear();
    }
  }
  if (in.cd19_positive && !*in.cd19_positive) {
    r.notes.push_back(
        "CD19-negative at diagnosis: excluded from blinatumomab (stays on "
        "protocol).");
  }

  // MR sub-strata and the switch, in the same three-valued logic: MR AND (...).
  const Tri vals[] = {vars[0].value, vars[1].value, vars[2].value};
  const Tri mr = i21_mr(vals);
  std::vector<std::string> mrd_flags;
  const Tri eoi_high = mrd_compare(in.mrd_eoi, in, 5e-4, false, &mrd_flags);
  const Tri blina_pos = mrd_compare(in.mrd_post_blina1, in, 1e-4, true, &mrd_flags);
  const Tri no_cr = in.cr_eoi ? tri(!*in.cr_eoi) : Tri::Unknown;
  r.switched_to_hr_treatment = mr && (no_cr || blina_pos);
  if (mr != Tri::False) {
    for (const auto& fl : mrd_flags) add_unique(r.flags, fl);
    r.criteria.push_back(Criterion{"mrd_eoi_ge_5e-4", eoi_high});
    r.criteria.push_back(Criterion{"no_cr_eoi", no_cr});
    r.criteria.push_back(Criterion{"mrd_post_blina1_gt_1e-4", blina_pos});
    r.criteria.push_back(Criterion{"switched_to_hr_treatment", r.switched_to_hr_treatment});
    if (mr == Tri::True) {
      r.mr_substratum = eoi_high == Tri::True    ? "MR-high"
                        : eoi_high == Tri::False ? "MR-low"
                                                 : "unknown";
    } else {
      r.mr_substratum = "unknown";
    }
    const std::optional<double> pb = mrd_fraction(in.mrd_post_blina1, in);
    if (pb && std::fabs(*pb - 1e-4) <= 1e-4 * 1e-9) {
      add_unique(r.flags, "MRD_EXACTLY_1E-4_INTERFANT21");
      r.notes.push_back(
          "MRD exactly 1e-4 after blinatumomab cycle 1: the switch rule needs "
          "> 0.01% (so no switch), but HSCT eligibility needs MRD < 0.01% (so not "
          "negative either).");
    }
    if (r.switched_to_hr_treatment == Tri::True) {
      r.notes.push_back(
          "MR patient switched to HR treatment (no CR at end of induction, or MRD "
          "> 1e-4 after blinatumomab cycle 1); HSCT-eligible once MRD < 0.01%.");
    }
  }
}

// ---- AALL0631: v = {kmt2a_r, age_lt_90d}
Tri aall_hr(const Tri* v) { return v[0] && v[1]; }
Tri aall_ir(const Tri* v) { return v[0] && !v[1]; }
const std::vector<GroupDef>& aall_groups() {
  static const std::vector<GroupDef> g = {{"SR", p_not_first, "NOT kmt2a_r (KMT2A germline)"},
                                          {"IR", aall_ir, "kmt2a_r AND NOT age_lt_90d"},
                                          {"HR", aall_hr, "kmt2a_r AND age_lt_90d"}};
  return g;
}

Values<2> aall_values(const PatientFacts& f) { return {{kmt2a_r(f), age_lt_days(f, 90)}}; }

void classify_aall0631(const PatientInput&, const PatientFacts& f, ClassifyResult& r) {
  r.notes.push_back(
      "AALL0631 age eligibility (\"1 week - 1 year\") is unverified; <= 365 days "
      "is used.");
  if (f.kmt2a == Kmt2aStatus::unknown) {
    r.status = ClassifyStatus::not_applicable;
    r.reasons.push_back("KMT2A status indeterminate: off study per AALL0631 protocol");
    return;
  }
  const Values<2> x = aall_values(f);
  const std::vector<Var> vars = {
      {"kmt2a_r", x.v[0], "kmt2a_status"},
      {"age_lt_90d", x.v[1], "age_days"},
  };
  push_criteria(vars, r);
  r.reasons = {kmt2a_reason(f), age_days_reason(f, 90)};
  decide(vars, aall_groups(), r);
  if (f.age_days && *f.age_days >= 88 && *f.age_days <= 92) {
    add_unique(r.flags, "AGE_NEAR_90_DAY_BOUNDARY");
  }
}

// The group of classify() without its words (ClassifyDetail::group_only, classify_group), from
// the same criteria values and predicate tables as the protocols' full evaluations above.
// Precondition: the patient is not invalid.
GroupOutcome settle_group_only(const PatientInput& in, const PatientFacts& f, Protocol protocol) {
  GroupOutcome out;
  if (outside_population(in, f)) {
    out.status = ClassifyStatus::not_applicable;
    return out;
  }
  switch (protocol) {
    case Protocol::interfant06:
      out.group = settle(i06_values(f).v, i06_groups());
      break;
    case Protocol::interfant99:
      out.group = settle(i99_values(f).v, i99_groups());
      break;
    case Protocol::mll10:
      out.group = settle(mll10_values(f).v, mll10_groups());
      break;
    case Protocol::interfant21:
      if (i21_excluded(in, f)) {
        out.status = ClassifyStatus::not_applicable;
        return out;
      }
      // KMT2A-r is required: an unknown status leaves the group open.
      if (f.kmt2a == Kmt2aStatus::rearranged) out.group = settle(i21_values(f).v, i21_groups());
      break;
    case Protocol::aall0631:
      if (f.kmt2a == Kmt2aStatus::unknown) {
        out.status = ClassifyStatus::not_applicable;
        return out;
      }
      out.group = settle(aall_values(f).v, aall_groups());
      break;
  }
  if (out.group != nullptr) out.status = ClassifyStatus::definite;
  return out;
}

}  // namespace

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::interfant06:
      return "interfant06";
    case Protocol::interfant99:
      return "interfant99";
    case Protocol::mll10:
      return "mll10";
    case Protocol::interfant21:
      return "interfant21";
    case Protocol::aall0631:
      break;
  }
  return "aall0631";
}

bool protocol_from_string(const std::string& name, Protocol* out) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const std::pair<const char*, Protocol> kNames[] = {
      {"interfant06", Protocol::interfant06},
      {"interfant99", Protocol::interfant99},
      {"mll10", Protocol::mll10},
      {"jplsgmll10", Protocol::mll10},
      {"interfant21", Protocol::interfant21},
      {"aall0631", Protocol::aall0631},
      {"cogaall0631", Protocol::aall0631},
  };
  for (const auto& n : kNames) {
    if (key == n.first) {
      if (out) *out = n.second;
      return true;
    }
  }
  return false;
}

const char* to_string(ClassifyStatus s) {
  switch (s) {
    case ClassifyStatus::definite:
      return "definite";
    case ClassifyStatus::indeterminate:
      return "indeterminate";
    case ClassifyStatus::not_applicable:
      return "not_applicable";
    case ClassifyStatus::invalid:
      break;
  }
  return "invalid";
}

const std::vector<std::string>& inputs_read(Protocol protocol) {
  // Age decides eligibility under every protocol; the lineage decides the population.
#define INFANT_ALL_AGE "dob", "diagnosis_date", "age_days", "age_months", "immunophenotype"
#define INFANT_ALL_WBC "wbc", "wbc_unit"
#define INFANT_ALL_PRED                                                                 \
  "pred_response", "day8_blasts_per_ul", "day8_wbc", "day8_wbc_unit", "day8_blast_pct", \
      "prednisone_prephase_given"
  static const std::vector<std::string> kI06 = {INFANT_ALL_AGE,  "kmt2a_status",   INFANT_ALL_WBC,
                                                INFANT_ALL_PRED, "mrd_pre_octada", "mrd_unit",
                                                "mrd_qr"};
  static const std::vector<std::string> kI99 = {INFANT_ALL_AGE, INFANT_ALL_PRED};
  static const std::vector<std::string> kMll10 = {
      INFANT_ALL_AGE,   "kmt2a_status", "cns_status",          "csf_wbc_per_ul",
      "csf_rbc_per_ul", "csf_blasts",   "cranial_nerve_palsy", "cns_mass"};
  static const std::vector<std::string> kI21 = {INFANT_ALL_AGE,  "kmt2a_status", INFANT_ALL_WBC,
                                                INFANT_ALL_PRED, "mrd_eoi",      "mrd_post_blina1",
                                                "cr_eoi",        "mrd_unit",     "mrd_qr"};
  static const std::vector<std::string> kAall = {INFANT_ALL_AGE, "kmt2a_status"};
#undef INFANT_ALL_AGE
#undef INFANT_ALL_WBC
#undef INFANT_ALL_PRED
  switch (protocol) {
    case Protocol::interfant06:
      return kI06;
    case Protocol::interfant99:
      return kI99;
    case Protocol::mll10:
      return kMll10;
    case Protocol::interfant21:
      return kI21;
    case Protocol::aall0631:
      break;
  }
  return kAall;
}

namespace {

bool reads(Protocol p, const std::string& input) {
  for (const auto& x : inputs_read(p)) {
    if (x == input) return true;
  }
  return false;
}

// Unreadable values and contradictions that can change the group (docs/CLINICAL-RULES.md, "Shared
// conventions"): errors when the protocol's rules read the input, notes otherwise.
void check_readable(const PatientInput& in, ClassifyResult& r) {
  std::vector<FieldError> conflicts;
  if (in.kmt2a_status == Kmt2aStatus::germline && in.kmt2a_partner) {
    add_unique(r.flags, "KMT2A_PARTNER_CONFLICT");
    conflicts.push_back(FieldError{
        "kmt2a_status", "germline",
        std::string("KMT2A_PARTNER_CONFLICT: kmt2a_status germline conflicts with the fusion "
                    "partner ") +
            to_string(*in.kmt2a_partner) +
            " given for this patient; a germline infant has no KMT2A fusion partner"});
  }
  const std::vector<FieldError>* lists[] = {&in.unreadable, &conflicts};
  for (const std::vector<FieldError>* list : lists) {
    for (const FieldError& e : *list) {
      if (reads(r.protocol, e.field)) {
        r.errors.push_back(e);
      } else {
        add_unique(r.flags, "UNREADABLE_INPUT_NOT_USED");
        r.notes.push_back(e.message + " (not read by this protocol's rules)");
      }
    }
  }
}

// check_readable's verdict without its words: whether an unreadable input or a contradiction
// makes the patient invalid under `protocol`.
bool unreadable_input_read(const PatientInput& in, Protocol protocol) {
  if (in.kmt2a_status == Kmt2aStatus::germline && in.kmt2a_partner &&
      reads(protocol, "kmt2a_status")) {
    return true;
  }
  for (const FieldError& e : in.unreadable) {
    if (reads(protocol, e.field)) return true;
  }
  return false;
}

}  // namespace

GroupOutcome classify_group(const PatientInput& in, Protocol protocol) {
  const PatientFacts f = derive_facts(in, /*with_text=*/false, /*error_words=*/false);
  if (!f.errors.empty() || unreadable_input_read(in, protocol)) {
    GroupOutcome out;
    out.status = ClassifyStatus::invalid;
    return out;
  }
  return settle_group_only(in, f, protocol);
}

ClassifyResult classify(const PatientInput& in, Protocol protocol, ClassifyDetail detail) {
  ClassifyResult r;
  r.protocol = protocol;
  r.detail = detail;
  const bool full = detail == ClassifyDetail::full;
  r.facts = derive_facts(in, full);
  const PatientFacts& f = r.facts;
  r.flags = f.flags;
  r.notes = f.notes;
  check_readable(in, r);
  if (!f.errors.empty() || !r.errors.empty()) {
    r.status = ClassifyStatus::invalid;
    r.errors.insert(r.errors.begin(), f.errors.begin(), f.errors.end());
    if (full) {
      r.reasons.push_back(f.errors.empty() ? "an input this protocol reads could not be read"
                                           : "input failed validation");
    }
  }
  if (!full) {
    if (r.status != ClassifyStatus::invalid) {
      const GroupOutcome g = settle_group_only(in, f, protocol);
      r.status = g.status;
      if (g.group != nullptr) r.group = g.group;
    }
    r.flags.clear();
    r.notes.clear();
    return r;
  }
  if (r.status == ClassifyStatus::invalid) return r;
  if (outside_infant_population(in, f, r)) {
    r.status = ClassifyStatus::not_applicable;
    return r;
  }
  switch (protocol) {
    case Protocol::interfant06:
      classify_interfant06(in, f, r);
      break;
    case Protocol::interfant99:
      classify_interfant99(in, f, r);
      break;
    case Protocol::mll10:
      classify_mll10(in, f, r);
      break;
    case Protocol::interfant21:
      classify_interfant21(in, f, r);
      break;
    case Protocol::aall0631:
      classify_aall0631(in, f, r);
      break;
  }
  if (r.status == ClassifyStatus::not_applicable) {
    r.group.clear();
    r.candidates.clear();
    r.missing.clear();
  }
  // Without a prephase the response cannot be obtained: it is not asked for.
  if (in.prednisone_prephase_given == false) {
    r.missing.erase(std::remove(r.missing.begin(), r.missing.end(), "pred_response"),
                    r.missing.end());
  }
  return r;
}

std::vector<ClassifyResult> classify_all(const PatientInput& in) {
  std::vector<ClassifyResult> out;
  out.reserve(5);
  for (Protocol p : {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                     Protocol::interfant21, Protocol::aall0631}) {
    out.push_back(classify(in, p));
  }
  return out;
}

ProtocolRules protocol_rules(Protocol protocol) {
  ProtocolRules r;
  r.protocol = protocol;
  const std::vector<GroupDef>* groups = nullptr;
  const std::pair<std::string, std::string> kKmt2a = {
      "kmt2a_r",
      "KMT2A rearranged; unknown when the status is unknown (a negative split-signal FISH is "
      "needed before a case counts as germline)"};
  const std::pair<std::string, std::string> kAge6 = {
      "age_lt_6mo",
      "diagnosis before the birth date plus 6 calendar months (with both dates; a day that does "
      "not exist becomes the month's last day); age <= 182 days with days only; < 6.0 months "
      "with months only"};
  const std::pair<std::string, std::string> kWbc = {
      "wbc_ge_300",
      "WBC >= 300 x10^9/L; a unit-less value between 1000 and 3000 is unknown (probably /uL)"};
  const std::pair<std::string, std::string> kPpr = {
      "ppr",
      "prednisone poor response: day-8 blood blasts >= 1000/uL after the 7-day prephase, from "
      "the stated response, the day-8 count, or day-8 WBC x blast %; unknown without a "
      "prephase"};
  const std::string kPopulation =
      "Infants with ALL (not mature B), age 0 to 365 days at diagnosis.";
  switch (protocol) {
    case Protocol::interfant06:
      r.name = "Interfant-06";
      r.population = kPopulation;
      groups = &i06_groups();
      r.criteria = {kKmt2a, kAge6, kWbc, kPpr};
      r.other_rules = {
          "Every HR patient in CR was eligible for stem-cell transplant.",
          "MR with MRD >= 10^-4 (0.01%) at the start of OCTADA(D): transplant recommended, from "
          "June 2009 (historical for earlier diagnoses)."};
      r.sources = {"Pieters R et al. J Clin Oncol 2019;37(25):2246-2256 (methods)",
                   "kinderkrebsinfo.de (GPOH) Interfant-06 trial page"};
      r.ambiguities = {
          "'< 6 months' is defined in days by no source: calendar rule with dates, <= 182 days "
          "with days only; ages of 181 to 184 days are flagged.",
          "How an unknown prednisone response was handled is not stated: it stays unknown.",
          "Patients of unknown KMT2A status were not placed in LR (inferred from the paper's "
          "counts): here the group is indeterminate.",
          "The published abstract says 'older than 6 months'; the methods and protocol say "
          "younger, which is what is implemented."};
      break;
    case Protocol::interfant99:
      r.name = "Interfant-99";
      r.population = kPopulation;
      groups = &i99_groups();
      r.criteria = {kPpr};
      r.other_rules = {
          "Post hoc high-risk subgroup of Mann et al. (not a protocol group): KMT2A-r AND age < "
          "6 months AND (PPR OR WBC >= 300 x10^9/L)."};
      r.sources = {"Pieters R et al. Lancet 2007;370:240-250 (summary)",
                   "Mann G et al. Blood 2010;116(15):2644-2650"};
      r.ambiguities = {
          "Whether no CR at day 33 or KMT2A status also made a patient HR could not be verified: "
          "only the prednisone rule is implemented."};
      break;
    case Protocol::mll10:
      r.name = "JPLSG MLL-10";
      r.population = kPopulation;
      groups = &mll10_groups();
      r.criteria = {kKmt2a,
                    {"age_lt_180d", "age < 180 days (180 days is IR)"},
                    {"cns_disease",
                     "CNS3: CSF WBC >= 5/uL with blasts, or a cranial nerve palsy or CNS mass; "
                     "TLP+ and blank palsy/mass cells leave it unknown"}};
      r.other_rules = {"Every HR patient was allocated to transplant in first remission."};
      r.sources = {"Tomizawa D et al. Blood 2020;136(16):1813-1823",
                   "ASH 2019 abstract 2626 (Blood 134 Suppl 1)",
                   "Blood 2020 commentary (the CNS definition)"};
      r.ambiguities = {
          "Eligibility is worded 'age less than 365 days': <= 365 is used and 365 flagged.",
          "Whether a cranial nerve palsy or mass without CSF blasts counts as CNS disease is not "
          "stated: counted (standard definition) and flagged.",
          "TLP+ is not resolved into CNS disease or not: unknown."};
      break;
    case Protocol::interfant21:
      r.name = "Interfant-21";
      r.population =
          "KMT2A-rearranged infants with B-precursor ALL or B-cell MPAL, age 0 to 365 days; "
          "KMT2A germline and T-ALL are not applicable.";
      groups = &i21_groups();
      r.criteria = {kAge6,
                    kWbc,
                    {"ppr",
                     "prednisone poor response; an unknown response (blank, not evaluable, no "
                     "prephase) counts as good, as the protocol writes; an unreadable or "
                     "conflicting one makes the patient invalid"}};
      r.other_rules = {
          "MR-low: MR and end-of-induction MRD < 5x10^-4 (0.05%); MR-high: >= 5x10^-4.",
          "Switch to HR treatment: MR and (no CR at end of induction, or MRD > 10^-4 after "
          "blinatumomab cycle 1)."};
      r.sources = {"kinderkrebsinfo.de / gpoh.de Interfant-21 pages (German wording used)",
                   "ClinicalTrials.gov NCT05327894"};
      r.ambiguities = {
          "WBC 'over 300' leaves exactly 300 unassigned: >= 300 is used (as Interfant-06) and "
          "flagged.",
          "The English page's 'WBC under 300' in the HR line contradicts the German text and is "
          "not implemented.",
          "MRD exactly 10^-4 after blinatumomab cycle 1: no switch (> 0.01% needed), yet not "
          "negative either; flagged."};
      break;
    case Protocol::aall0631:
      r.name = "COG AALL0631";
      r.population = kPopulation + " Unknown KMT2A status: off study (not applicable).";
      groups = &aall_groups();
      r.criteria = {kKmt2a, {"age_lt_90d", "age < 90 days (90 days is IR)"}};
      r.sources = {"UTSW trial summary of COG AALL0631 (NCT00557193)",
                   "Brown PA et al. Leukemia 2021;35:1279-1290"};
      r.ambiguities = {"Age eligibility ('1 week - 1 year') is unverified: <= 365 days is used."};
      break;
  }
  for (const GroupDef& g : *groups) r.groups.push_back({g.name, g.rule});
  return r;
}

}  // namespace infant_all
