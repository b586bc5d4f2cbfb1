#include "infant_all/clinical/relative_hazard.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* const kErratumNote =
    "note: CI and P are consistent with 1.12; possible erratum (the published 1.21 is shown; "
    "the CI 0.86 to 1.47 is centred on 1.12 and a Wald P from it is .407, as printed, against "
    ".16 for 1.21).";

// Rows exactly as printed in S-I06 (Pieters et al., J Clin Oncol 2019), Table 1 and below it
// Table 2 (docs/CLINICAL-RULES.md, "Published figures and the Interfant-06 relative hazard").
const std::vector<CoxTableRow> kTable1 = {
    {"KMT2A status", "Germline", true, 1, kNaN, kNaN, "", ""},
    {"KMT2A status", "t(4;11) + t(11;19)", false, 2.73, 1.79, 4.17, "< .001", ""},
    {"KMT2A status", "t(9;11) + other rearranged", false, 2.41, 1.57, 3.70, "< .001", ""},
    {"Age at diagnosis, months", ">= 6", true, 1, kNaN, kNaN, "", ""},
    {"Age at diagnosis, months", "< 6", false, 1.57, 1.23, 2.00, "< .001", ""},
    {"WBC at diagnosis, x10^9/L", "< 300", true, 1, kNaN, kNaN, "", ""},
    {"WBC at diagnosis, x10^9/L", ">= 300", false, 1.69, 1.32, 2.16, "< .001", ""},
    {"Prednisone response", "PGR", true, 1, kNaN, kNaN, "", ""},
    {"Prednisone response", "PPR", false, 1.53, 1.18, 1.99, ".0014", ""},
    {"Immunophenotype", "B-lineage CD10+", true, 1, kNaN, kNaN, "", ""},
    {"Immunophenotype", "B-lineage CD10-", false, 1.18, 0.90, 1.54, ".2254", ""},
    {"Sex", "Male", true, 1, kNaN, kNaN, "", ""},
    {"Sex", "Female", false, 1.05, 0.83, 1.33, ".6702", ""},
};

const std::vector<CoxTableRow> kTable2 = {
    {"KMT2A status", "t(9;11) + other rearranged", true, 1, kNaN, kNaN, "", ""},
    {"KMT2A status", "t(4;11) + t(11;19)", false, 1.21, 0.86, 1.47, "< .4083", kErratumNote},
    {"Age at diagnosis, months", ">= 6", true, 1, kNaN, kNaN, "", ""},
    {"Age at diagnosis, months", "< 6", false, 1.75, 1.34, 2.28, "< .001", ""},
    {"WBC at diagnosis, x10^9/L", "< 300", true, 1, kNaN, kNaN, "", ""},
    {"WBC at diagnosis, x10^9/L", ">= 300", false, 1.63, 1.26, 2.10, "< .002", ""},
    {"Prednisone response", "PGR", true, 1, kNaN, kNaN, "", ""},
    {"Prednisone response", "PPR", false, 1.70, 1.30, 2.23, "< .001", ""},
    {"Immunophenotype", "B-lineage CD10+", true, 1, kNaN, kNaN, "", ""},
    {"Immunophenotype", "B-lineage CD10-", false, 1.26, 0.94, 1.68, ".1166", ""},
    {"Sex", "Male", true, 1, kNaN, kNaN, "", ""},
    {"Sex", "Female", false, 1.05, 0.82, 1.34, ".6997", ""},
};

std::string fmt2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

const CoxTableRow& row(CoxTable t, const char* variable, const char* level) {
  for (const auto& r : cox_table_rows(t)) {
    if (std::string(r.variable) == variable && std::string(r.level) == level) return r;
  }
  return cox_table_rows(t).front();  // unreachable with the names used below
}

const CoxTableRow& reference_of(CoxTable t, const char* variable) {
  for (const auto& r : cox_table_rows(t)) {
    if (std::string(r.variable) == variable && r.reference) return r;
  }
  return cox_table_rows(t).front();
}

// A factor at a known level (reference or not).
HazardFactor at_level(CoxTable t, const char* variable, const char* level, const char* display,
                      const char* suffix = "") {
  const CoxTableRow& r = row(t, variable, level);
  const CoxTableRow& ref = reference_of(t, variable);
  HazardFactor f;
  f.factor = variable;
  f.patient_level = level;
  f.reference_level = ref.level;
  f.hazard_ratio = r.hazard_ratio;
  f.in_product = true;
  if (r.reference) {
    f.text = std::string(display) + " " + level + suffix + ": reference level (hazard ratio 1).";
    return f;
  }
  f.lower = r.lower;
  f.upper = r.upper;
  f.p = r.p;
  f.caveat = r.note;
  f.text = std::string(display) + " " + level + suffix + ": hazard of an EFS event " +
           fmt2(r.hazard_ratio) + "x that of " + ref.level + suffix + " (hazard ratio " +
           fmt2(r.hazard_ratio) + ", 95% CI " + fmt2(r.lower) + " to " + fmt2(r.upper) +
           "), adjusted for the other factors in the model.";
  return f;
}

HazardFactor unknown_level(CoxTable t, const char* variable, const char* input) {
  HazardFactor f;
  f.factor = variable;
  f.patient_level = "unknown";
  f.reference_level = reference_of(t, variable).level;
  f.text = std::string(variable) + ": unknown (" + input + " needed).";
  return f;
}

void add_unique(std::vector<std::string>& xs, const std::string& x) {
  for (const auto& y : xs) {
    if (y == x) return;
  }
  xs.push_back(x);
}

}  // namespace

const char* to_string(CoxTable t) {
  return t == CoxTable::table1_all ? "table1_all" : "table2_kmt2a_r";
}

const char* to_string(RelativeHazardStatus s) {
  switch (s) {
    case RelativeHazardStatus::computed:
      return "computed";
    case RelativeHazardStatus::range:
      return "range";
    case RelativeHazardStatus::cannot_be_computed:
      return "cannot_be_computed";
    case RelativeHazardStatus::not_applicable:
      return "not_applicable";
    case RelativeHazardStatus::invalid:
      break;
  }
  return "invalid";
}

const std::vector<CoxTableRow>& cox_table_rows(CoxTable t) {
  return t == CoxTable::table1_all ? kTable1 : kTable2;
}

int cox_table_n(CoxTable t) { return t == CoxTable::table1_all ? 576 : 427; }

double round_product_2dp(const std::vector<double>& hazard_ratios) {
  // Each printed ratio is an exact number of hundredths; the product of k of them is an exact
  // integer in units of 100^-k (fits easily in 64 bits for the 6 factors of a table).
  std::uint64_t prod = 100;
  std::uint64_t scale = 1;
  for (double hr : hazard_ratios) {
    prod *= static_cast<std::uint64_t>(std::llround(hr * 100.0));
    scale *= 100;
  }
  // prod / scale is 100 x the product, i.e. the product in hundredths; round it half-up.
  const std::uint64_t hundredths = (prod + scale / 2) / scale;
  return static_cast<double>(hundredths) / 100.0;
}

RelativeHazardResult relative_hazard(const PatientInput& in, CoxTable table) {
  RelativeHazardResult r;
  r.table = table;
  r.n = cox_table_n(table);
  r.table_label = table == CoxTable::table1_all
                      ? "Interfant-06 Cox model for EFS, Table 1 (all cases, n = 576 complete "
                        "cases)"
                      : "Interfant-06 Cox model for EFS, Table 2 (KMT2A-rearranged cases only, "
                        "n = 427 complete cases)";
  r.reference_profile = table == CoxTable::table1_all
                            ? "KMT2A germline, age >= 6 months, WBC < 300 x10^9/L, PGR, CD10+, "
                              "male"
                            : "KMT2A t(9;11)/other, age >= 6 months, WBC < 300 x10^9/L, PGR, "
                              "CD10+, male";
  r.notes.push_back(
      "Hazard ratios as published for Interfant-06 treatment (multivariable Cox "
      "model, complete cases); they do not describe other protocols or eras.");
  r.notes.push_back(
      "No confidence interval is given for the combined relative hazard: the "
      "covariance of the coefficients is not published, and multiplying the "
      "factor CIs would be wrong.");
  r.notes.push_back(
      "This is not an absolute EFS probability: the baseline survival of the model "
      "is not published.");
  if (table == CoxTable::table2_kmt2a_r) r.notes.push_back(kErratumNote);

  const PatientFacts f = derive_facts(in);
  if (!f.errors.empty()) {
    r.status = RelativeHazardStatus::invalid;
    r.errors = f.errors;
    r.summary = "Relative hazard not computed: input failed validation.";
    return r;
  }
  if (in.immunophenotype == Immunophenotype::mature_b || f.age_le_365d == Tri::False) {
    r.status = RelativeHazardStatus::not_applicable;
    r.summary =
        "Relative hazard not applicable: the patient is outside the Interfant-06 "
        "population.";
    return r;
  }
  if (table == CoxTable::table2_kmt2a_r && f.kmt2a == Kmt2aStatus::germline) {
    r.status = RelativeHazardStatus::not_applicable;
    r.summary = "Table 2 applies only to KMT2A-rearranged infants; use Table 1.";
    return r;
  }

  // KMT2A
  const char* kv = "KMT2A status";
  const char* pair1 = "t(4;11) + t(11;19)";
  const char* pair2 = "t(9;11) + other rearranged";
  if (f.kmt2a == Kmt2aStatus::unknown) {
    r.factors.push_back(unknown_level(table, kv, "kmt2a_status"));
    add_unique(r.missing, "kmt2a_status");
  } else if (f.kmt2a == Kmt2aStatus::germline) {
    r.factors.push_back(at_level(table, kv, "Germline", "KMT2A"));
  } else if (in.kmt2a_partner) {
    const bool first =
        *in.kmt2a_partner == Kmt2aPartner::t4_11 || *in.kmt2a_partner == Kmt2aPartner::t11_19;
    HazardFactor h = at_level(table, kv, first ? pair1 : pair2, "KMT2A");
    if (in.kmt2a_partner_ell) {
      add_unique(r.flags, "T11_19_ELL_MAPPED_OTHER");
      h.caveat += std::string(h.caveat.empty() ? "" : " ") +
                  "KMT2A::ELL t(11;19)(q23;p13.1) is grouped with the other partners.";
    }
    r.factors.push_back(h);
  } else {
    const double lo = row(table, kv, pair2).hazard_ratio;  // 1 in Table 2 (its reference)
    const double hi = row(table, kv, pair1).hazard_ratio;
    HazardFactor h;
    h.factor = kv;
    h.patient_level = "rearranged, partner unknown";
    h.reference_level = reference_of(table, kv).level;
    h.hazard_ratio_low = lo;
    h.hazard_ratio_high = hi;
    h.in_product = true;
    h.caveat = row(table, kv, pair1).note;
    h.text = "KMT2A rearranged, partner unknown: hazard ratio between " + fmt2(lo) + " (" + pair2 +
             ") and " + fmt2(hi) + " (" + pair1 + ") relative to " + h.reference_level +
             "; kmt2a_partner would settle it.";
    r.factors.push_back(h);
  }

  // Age
  const char* av = "Age at diagnosis, months";
  if (f.age_lt_6mo == Tri::Unknown) {
    r.factors.push_back(unknown_level(table, av, "age_days"));
    add_unique(r.missing, "age_days");
  } else {
    HazardFactor h =
        at_level(table, av, f.age_lt_6mo == Tri::True ? "< 6" : ">= 6", "Age", " months");
    if (table == CoxTable::table1_all && f.kmt2a == Kmt2aStatus::germline) {
      h.greyed = true;
      h.caveat =
          "Table 1 forces one age effect on all infants, but in KMT2A-germline infants "
          "age < 6 months was favourable (6-y DFS 91.0% vs 71.7%, Stutterheim 2022). "
          "The product still uses the model's age term.";
    }
    r.factors.push_back(h);
  }

  // WBC
  const char* wv = "WBC at diagnosis, x10^9/L";
  if (f.wbc_ge_300 == Tri::Unknown) {
    r.factors.push_back(unknown_level(table, wv, "wbc"));
    add_unique(r.missing, "wbc");
  } else {
    r.factors.push_back(
        at_level(table, wv, f.wbc_ge_300 == Tri::True ? ">= 300" : "< 300", "WBC", " x10^9/L"));
  }

  // Prednisone
  const char* pv = "Prednisone response";
  if (f.ppr == Tri::Unknown) {
    r.factors.push_back(unknown_level(table, pv, "pred_response"));
    add_unique(r.missing, "pred_response");
  } else {
    r.factors.push_back(at_level(table, pv, f.ppr == Tri::True ? "PPR" : "PGR", "Prednisone"));
  }

  // CD10 (defined for B-lineage only)
  const char* iv = "Immunophenotype";
  if (in.immunophenotype == Immunophenotype::t || in.immunophenotype == Immunophenotype::mpal) {
    HazardFactor h;
    h.factor = iv;
    h.patient_level = to_string(*in.immunophenotype);
    h.reference_level = reference_of(table, iv).level;
    h.greyed = true;
    h.caveat =
        "The CD10 term is defined for B-lineage only; how non-B cases entered the model "
        "is not stated, so the term is left out.";
    h.text = "CD10: left out (non-B lineage).";
    r.factors.push_back(h);
    add_unique(r.flags, "COX_CD10_UNDEFINED_NON_B");
    r.notes.push_back(
        std::string("The published model's reference profile is B-lineage CD10+; this ") +
        (*in.immunophenotype == Immunophenotype::t ? "T-ALL" : "MPAL") +
        " infant's relative hazard compares with that B-lineage reference, in a cohort that was "
        "almost all B-lineage (10 T-ALL and 25 biphenotypic of 651): read it with caution.");
  } else if (!in.cd10_positive) {
    r.factors.push_back(unknown_level(table, iv, "cd10"));
    add_unique(r.missing, "cd10");
  } else {
    HazardFactor h = at_level(table, iv, *in.cd10_positive ? "B-lineage CD10+" : "B-lineage CD10-",
                              "Immunophenotype");
    if (!in.immunophenotype) {
      add_unique(r.flags, "COX_LINEAGE_ASSUMED_B");
      h.caveat = "Immunophenotype not recorded: the CD10 term is used as for a B-lineage case.";
    }
    r.factors.push_back(h);
  }

  // Sex
  const char* sv = "Sex";
  if (!in.sex) {
    r.factors.push_back(unknown_level(table, sv, "sex"));
    add_unique(r.missing, "sex");
  } else {
    r.factors.push_back(at_level(table, sv, *in.sex == Sex::male ? "Male" : "Female", "Sex"));
  }

  if (!r.missing.empty()) {
    r.status = RelativeHazardStatus::cannot_be_computed;
    std::string names;
    for (const auto& m : r.missing) names += (names.empty() ? "" : ", ") + m;
    r.summary =
        "Relative hazard cannot be computed: the model was fitted on complete cases and "
        "these covariates are missing: " +
        names + ".";
    return r;
  }
  std::vector<double> lo, hi;
  bool ranged = false;
  for (const auto& h : r.factors) {
    if (!h.in_product) continue;
    if (h.hazard_ratio) {
      lo.push_back(*h.hazard_ratio);
      hi.push_back(*h.hazard_ratio);
    } else {
      ranged = true;
      lo.push_back(*h.hazard_ratio_low);
      hi.push_back(*h.hazard_ratio_high);
    }
  }
  const std::string tail = " the hazard of a reference-profile infant (" + r.reference_profile +
                           ") under the " + r.table_label +
                           "; no confidence interval; not an "
                           "absolute EFS.";
  if (ranged) {
    r.status = RelativeHazardStatus::range;
    r.relative_hazard_low = round_product_2dp(lo);
    r.relative_hazard_high = round_product_2dp(hi);
    r.summary = "Between x" + fmt2(*r.relative_hazard_low) + " and x" +
                fmt2(*r.relative_hazard_high) + tail +
                " The range spans the unknown KMT2A "
                "partner.";
  } else {
    r.status = RelativeHazardStatus::computed;
    r.relative_hazard = round_product_2dp(lo);
    r.summary = "x" + fmt2(*r.relative_hazard) + tail;
  }
  return r;
}

}  // namespace infant_all
