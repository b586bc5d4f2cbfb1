// Published outcome figures (the table in core/src/clinical/reference_outcomes.cpp) and the rule
// that selects them for a patient (docs/CLINICAL-RULES.md, "Published figures and the Interfant-06
// relative hazard"). Every expected number is quoted from the published table named beside it by
// the row's `section` (reference_outcomes.h lists what each section holds).
#include "infant_all/clinical/reference_outcomes.h"

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>

#include "test_util.h"

using namespace infant_all;

namespace {

PatientInput patient(Kmt2aStatus k, double age_days, double wbc, PredResponse pred) {
  PatientInput p;
  p.kmt2a_status = k;
  p.age_days = age_days;
  p.wbc = wbc;
  p.wbc_unit = WbcUnit::x10e9_per_l;
  p.pred_response = pred;
  return p;
}

const OutcomeFigure* row(const OutcomeSelection& s, const std::string& key) {
  for (const auto& f : s.rows) {
    if (key == f.key) return &f;
  }
  return nullptr;
}

bool has_row(const OutcomeSelection& s, const std::string& key) { return row(s, key) != nullptr; }

bool note_has(const OutcomeSelection& s, const std::string& needle) {
  for (const auto& n : s.notes) {
    if (n.find(needle) != std::string::npos) return true;
  }
  return false;
}

void check_figure(const char* key, double est, double se, int n) {
  CAPTURE(key);
  const OutcomeFigure* f = find_outcome(key);
  REQUIRE(f != nullptr);
  CHECK(f->estimate == est);
  if (std::isnan(se)) {
    CHECK(std::isnan(f->se));
  } else {
    CHECK(f->se == se);
  }
  CHECK(f->n == n);
}

const auto R = Kmt2aStatus::rearranged;
const auto G = Kmt2aStatus::germline;

}  // namespace

TEST_CASE("table: keys unique, every row cites a source and a section") {
  std::set<std::string> keys;
  for (const auto& f : reference_outcome_table()) {
    CAPTURE(f.key);
    CHECK(keys.insert(f.key).second);
    CHECK(std::string(f.source).rfind("S-", 0) == 0);
    CHECK(std::string(f.section).rfind("2.", 0) == 0);
  }
}

TEST_CASE("section 2.1: Interfant-06 group figures (S-I06), 6-year EFS/OS (SE)") {
  check_figure("i06.all.efs", 46.1, 2.1, 651);
  check_figure("i06.all.os", 58.2, 2.0, 651);
  check_figure("i06.group.LR.efs", 73.9, 3.6, 167);  // 3.6 displayed, footnote on 3.4
  check_figure("i06.group.LR.os", 87.2, 2.7, 167);
  check_figure("i06.group.MR.efs", 44.5, 2.9, 320);
  check_figure("i06.group.MR.os", 58.1, 3.0, 320);
  check_figure("i06.group.HR.efs", 20.9, 3.4, 164);
  check_figure("i06.group.HR.os", 29.9, 3.7, 164);
  CHECK(std::string(find_outcome("i06.group.LR.efs")->footnote).find("SE 3.4") !=
        std::string::npos);
}

TEST_CASE("selection, Interfant-06 LR: group, original/other, KMT2A-g MRD table, age note") {
  const PatientInput p = patient(G, 30, 500, PredResponse::ppr);  // LR: KMT2A germline
  const OutcomeSelection s = outcomes_for(classify(p), p);
  CHECK(row(s, "i06.group.LR.efs")->estimate == 73.9);             // section 2.1
  CHECK(row(s, "i06.orig.LR.efs")->estimate == 77.8);              // section 2.3
  CHECK(row(s, "i06.other.LR.os")->estimate == 79.5);              // section 2.3
  CHECK(row(s, "i06.kmt2ag.mrd_eoi.high")->estimate == 61.4);      // section 2.4 S-STUT-G
  CHECK(row(s, "i06.kmt2ag.mrd_eoi.negative")->estimate == 87.9);  // section 2.4 S-STUT-G
  CHECK(row(s, "i06.kmt2ag.age_lt6.dfs6")->estimate == 91.0);      // section 2.4
  CHECK(note_has(s, "age effect is reversed"));
  // A KMT2A-germline infant is not shown the whole-cohort age, WBC and prednisone rows (mostly
  // KMT2A-r infants; the age effect is reversed in germline; docs/CLINICAL-RULES.md).
  CHECK_FALSE(has_row(s, "i06.char.age.0_3"));
  CHECK_FALSE(has_row(s, "i06.char.wbc.ge300"));
  CHECK_FALSE(has_row(s, "i06.char.pred.PPR"));
  CHECK(note_has(s, "not shown"));
  CHECK(row(s, "i06.char.kmt2a.germline")->se == 3.4);  // section 2.2 prints 3.4 here
  size_t n_age_lt6 = 0;  // each figure once, although both the group and the status add it
  for (const auto& r : s.rows) n_age_lt6 += std::string(r.key) == "i06.kmt2ag.age_lt6.dfs6";
  CHECK(n_age_lt6 == 1);
  CHECK_FALSE(has_row(s, "blina.nejm.dfs2"));  // KMT2A-g: no blinatumomab rows
}

TEST_CASE("outcome figures carry the published precision and the paper's citation") {
  CHECK(estimate_text(*find_outcome("i06.char.age.6_9")) == "49.0");  // section 2.2: 49.0 (4.0)
  CHECK(estimate_text(*find_outcome("i06.group.LR.efs")) == "73.9");
  CHECK(estimate_text(*find_outcome("aall0631.kmt2ar.efs3.chemo")) == "39");  // 39 +- 7
  CHECK(std::string(citation_of("S-I06")).find("J Clin Oncol 2019") != std::string::npos);
  for (const auto& f : reference_outcome_table()) {
    CAPTURE(f.key);
    CHECK_FALSE(std::string(citation_of(f.source)).empty());
  }
}

TEST_CASE("selection, Interfant-06 MR: randomised MR DFS; SCT row only with the MRD flag") {
  PatientInput p = patient(R, 200, 100, PredResponse::pgr);
  OutcomeSelection s = outcomes_for(classify(p), p);
  CHECK(row(s, "i06.group.MR.efs")->estimate == 44.5);      // section 2.1
  CHECK(row(s, "i06.group.MR.os")->estimate == 58.1);       // section 2.1
  CHECK(row(s, "i06.orig.MR.efs")->estimate == 49.0);       // section 2.3
  CHECK(row(s, "i06.other.MR.efs")->estimate == 35.4);      // section 2.3
  CHECK(row(s, "i06.rand.MR.dfs6.ade")->estimate == 49.8);  // section 2.4
  CHECK(row(s, "i06.rand.MR.dfs6.ib")->estimate == 42.6);   // section 2.4
  CHECK_FALSE(has_row(s, "i06.sct.MR_mrd.dfs4"));
  CHECK(row(s, "i06.char.age.6_9")->estimate == 49.0);      // 200 days
  CHECK(row(s, "i06.char.wbc.100_300")->estimate == 41.0);  // WBC 100 is in [100, 300)
  CHECK_FALSE(has_row(s, "i06.char.wbc.lt100"));
  p.mrd_pre_octada = Mrd{MrdKind::quantified, 1e-4, MrdUnit::fraction};
  s = outcomes_for(classify(p), p);
  const OutcomeFigure* sct = row(s, "i06.sct.MR_mrd.dfs4");
  REQUIRE(sct != nullptr);
  CHECK(sct->estimate == 18.8);  // section 2.4: 4-y DFS 18.8 (12.5)
  CHECK(sct->se == 12.5);
}

TEST_CASE("section 2.2 WBC band boundaries: 99.9 -> < 100, 100 -> 100 to < 300, 300 -> >= 300") {
  for (const auto& band : {std::pair<double, const char*>{99.9, "i06.char.wbc.lt100"},
                           {100, "i06.char.wbc.100_300"},
                           {299.9, "i06.char.wbc.100_300"},
                           {300, "i06.char.wbc.ge300"}}) {
    const double w = band.first;
    const char* key = band.second;
    CAPTURE(w);
    const PatientInput p = patient(R, 200, w, PredResponse::pgr);
    CHECK(has_row(outcomes_for(classify(p), p), key));
  }
}

TEST_CASE("selection, Interfant-06 HR: SCT 4-y DFS 44.0 (6.0) with the 76/164 caveat") {
  const PatientInput p = patient(R, 100, 350, PredResponse::pgr);  // HR: r, < 6 mo, WBC >= 300
  const OutcomeSelection s = outcomes_for(classify(p), p);
  CHECK(row(s, "i06.group.HR.efs")->estimate == 20.9);  // section 2.1
  CHECK(row(s, "i06.group.HR.os")->estimate == 29.9);   // section 2.1
  CHECK(row(s, "i06.orig.HR.efs")->estimate == 23.8);   // section 2.3
  CHECK(row(s, "i06.other.HR.os")->estimate == 14.9);   // section 2.3
  const OutcomeFigure* sct = row(s, "i06.sct.HR.dfs4");
  REQUIRE(sct != nullptr);
  CHECK(sct->estimate == 44.0);
  CHECK(sct->se == 6.0);
  CHECK(std::string(sct->caveat).find("76 of 164") != std::string::npos);
  CHECK(row(s, "i06.char.age.3_6")->estimate == 41.5);  // 100 days
  CHECK(row(s, "i06.char.kmt2a.rearranged")->estimate == 36.4);
}

TEST_CASE("selection, KMT2A-r: blinatumomab rows with caveats 1-5 (section 2.8)") {
  const PatientInput p = patient(R, 100, 350, PredResponse::pgr);
  for (Protocol proto : {Protocol::interfant06, Protocol::interfant21, Protocol::mll10,
                         Protocol::aall0631, Protocol::interfant99}) {
    CAPTURE(to_string(proto));
    const OutcomeSelection s = outcomes_for(classify(p, proto), p);
    CHECK(row(s, "blina.nejm.dfs2")->estimate == 81.6);          // section 2.8
    CHECK(row(s, "blina.nejm.control.dfs2")->estimate == 49.4);  // section 2.8
    CHECK(row(s, "blina.lt.dfs4")->ci_lower == 64.5);            // section 2.8 S-BLIN-LT
    CHECK(row(s, "blina.lt.dfs4")->ci_upper == 92.7);
    for (const auto& f : s.rows) {
      if (std::string(f.protocol) != "blinatumomab") continue;
      CAPTURE(f.key);
      const std::string c = f.caveat;
      for (const char* k : {"(1)", "(2)", "(3)", "(4)", "(5)", "not randomised",
                            "DFS starts after induction", "not registered"}) {
        CHECK(c.find(k) != std::string::npos);
      }
    }
    CHECK(note_has(s, "historical controls"));
  }
}

TEST_CASE("section 2.6 / selection: MLL-10 rows and the 3-year / '5-year' label") {
  PatientInput p = patient(R, 150, 100, PredResponse::pgr);
  p.cns_status = CnsStatus::cns1;
  OutcomeSelection s = outcomes_for(classify(p, Protocol::mll10), p);
  CHECK(row(s, "mll10.group.HR.efs3")->estimate == 56.6);  // section 2.6
  CHECK(row(s, "mll10.group.HR.efs3")->se == 6.8);
  const OutcomeFigure* kr = row(s, "mll10.group.kmt2ar.efs3");
  REQUIRE(kr != nullptr);
  CHECK(kr->estimate == 66.2);  // sections 2.6 / 2.5
  const std::string label = kr->horizon_label;
  CHECK(label.find("3-year") != std::string::npos);
  CHECK(label.find("5-year") != std::string::npos);
  p.age_days = 200;
  s = outcomes_for(classify(p, Protocol::mll10), p);
  CHECK(row(s, "mll10.group.IR.efs3")->estimate == 94.4);  // section 2.6
  p.kmt2a_status = G;
  s = outcomes_for(classify(p, Protocol::mll10), p);
  CHECK(row(s, "mll10.group.LR.efs3")->estimate == 93.3);  // section 2.6
  CHECK(std::string(find_outcome("mll10.cross.efs")->horizon_label).find("5-year") !=
        std::string::npos);
}

TEST_CASE("section 2.7 / selection: AALL0631 KMT2A-r both arms; KMT2A-g blank") {
  const PatientInput r = patient(R, 60, 100, PredResponse::pgr);
  OutcomeSelection s = outcomes_for(classify(r, Protocol::aall0631), r);
  CHECK(row(s, "aall0631.kmt2ar.efs3.lestaurtinib")->estimate == 36);  // section 2.7: 36 +- 6
  CHECK(row(s, "aall0631.kmt2ar.efs3.lestaurtinib")->n == 67);
  CHECK(row(s, "aall0631.kmt2ar.efs3.chemo")->estimate == 39);  // section 2.7: 39 +- 7, n 54
  CHECK(std::string(row(s, "aall0631.kmt2ar.efs3.chemo")->footnote).find("UNVERIFIED") !=
        std::string::npos);
  const PatientInput g = patient(G, 60, 100, PredResponse::pgr);
  s = outcomes_for(classify(g, Protocol::aall0631), g);
  for (const auto& f : s.rows) CHECK(std::string(f.protocol) != "aall0631");
  CHECK(note_has(s, "not retrieved"));
}

TEST_CASE("Interfant-99 rows: cohort 4-year figures; Mann hazard ratio row in the subgroup") {
  const PatientInput p = patient(R, 100, 100, PredResponse::ppr);
  const OutcomeSelection s = outcomes_for(classify(p, Protocol::interfant99), p);
  CHECK(row(s, "i99.cross.efs4")->estimate == 47.0);         // section 2.5
  CHECK(row(s, "i99.cross.kmt2ar.efs4")->estimate == 36.9);  // section 2.5
  const OutcomeFigure* mann = row(s, "i99.mann.hsct");
  REQUIRE(mann != nullptr);
  CHECK(mann->estimate == 0.36);  // section 2.9 (Mann et al., Blood 2010): 0.36 (0.15-0.86)
  CHECK(std::string(mann->unit) == "hazard ratio");
}

TEST_CASE("study-group mapping (Interfant-06 Fig. 2 legend), Seattle is 'other'") {
  CHECK(study_group_category("DCOG") == StudyGroupCategory::original);
  CHECK(study_group_category("St. Jude") == StudyGroupCategory::original);
  CHECK(study_group_category("BFM-Germany") == StudyGroupCategory::original);
  CHECK(study_group_category("EORTC-CLG") == StudyGroupCategory::original);
  CHECK(study_group_category("Seattle") == StudyGroupCategory::other);
  CHECK(study_group_category("PPLLSG") == StudyGroupCategory::other);
  CHECK(study_group_category("Chile (PINDA)") == StudyGroupCategory::other);
  CHECK(study_group_category("COG") == StudyGroupCategory::unknown);
}

TEST_CASE("invalid and not-applicable patients get no figures; indeterminate gets no group rows") {
  PatientInput p = patient(R, 100, 100, PredResponse::pgr);
  p.wbc = -1;
  CHECK(outcomes_for(classify(p), p).rows.empty());
  p = patient(R, 400, 100, PredResponse::pgr);
  CHECK(outcomes_for(classify(p), p).rows.empty());
  PatientInput q;  // nothing known: indeterminate, no rows at all
  q.age_days = 100;
  const OutcomeSelection s = outcomes_for(classify(q), q);
  for (const auto& f : s.rows) CHECK(std::string(f.key).rfind("i06.group", 0) != 0);
  CHECK(has_row(s, "i06.char.age.3_6"));
}
