#include "infant_all/clinical/reference_outcomes.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include <limits>
#include <string>

namespace infant_all {

namespace {

constexpr double N = std::numeric_limits<double>::quiet_NaN();

const char* const kUnivariate =
    "Univariate published subgroup estimate; shown side by side with the patient's other "
    "subgroups, never averaged or multiplied.";
const char* const kPostHoc =
    "Unplanned post hoc comparison of original vs other study groups (S-I06).";
const char* const kLrSe =
    "[AMBIGUOUS] Reported twice: SE 3.6 in the risk-group results (and Stutterheim 2022) and "
    "SE 3.4 in the KMT2A-status results; LR and KMT2A germline are the same 167 patients.";
const char* const kAgeBands =
    "[AMBIGUOUS] The paper writes 0 to 3, 3 to 6, 6 to 9, 9 to 12 months; read as half-open "
    "month intervals [0,3), [3,6), [6,9), [9,12] by calendar months.";
const char* const kRand =
    "Randomised comparison (MR/HR patients in CR); measured from random assignment, not from "
    "diagnosis.";
const char* const kBlina =
    "Blinatumomab caveats: (1) single-arm phase 2 with historical controls, not randomised; "
    "(2) DFS starts after induction, so early events are selected out: do not compare with EFS "
    "from diagnosis (e.g. HR-group EFS 20.9%); (3) the 49.4% control DFS is unrelated to the "
    "Interfant-06 original-groups 6-year EFS that happens to be 49.4%; (4) KMT2A-r infants only, "
    "not a risk-group estimate; (5) not registered for first-line use in infants, available only "
    "within protocols.";
const char* const kMll10Label =
    "3-year (Tomizawa 2020 abstract; cited as 5-year in the Blood commentary)";
const char* const kMll10Foot =
    "[AMBIGUOUS] The Blood 2020 commentary labels the MLL-10 figures 5-year; the Tomizawa 2020 "
    "abstract reports 66.2 (5.6) as 3-year EFS for KMT2A-r, and 70.9 matches the weighted 3-year "
    "estimates.";
const char* const kCogSe = "[UNVERIFIED] COG's +- is conventionally the SE.";
const char* const kFaulk =
    "MRD by flow cytometry, positive = >= 0.01% (Faulk 2023). TP1-TP3 timings are not defined in "
    "the retrieved text; do not map them onto Interfant EOI/EOC.";

// clang-format off
const std::vector<OutcomeFigure> kTable = {
  // ---- 2.1 Interfant-06: whole cohort and risk groups (S-I06)
  {"i06.all.efs", "S-I06", "2.1", "interfant06", "all", "", "EFS", 6, "6-year", 46.1, "%", 2.1, N, N, "SE 2.1", 651, "", ""},
  {"i06.all.os", "S-I06", "2.1", "interfant06", "all", "", "OS", 6, "6-year", 58.2, "%", 2.0, N, N, "SE 2.0", 651, "", ""},
  {"i06.group.LR.efs", "S-I06", "2.1", "interfant06", "LR", "KMT2A germline", "EFS", 6, "6-year", 73.9, "%", 3.6, N, N, "SE 3.6", 167, "", kLrSe},
  {"i06.group.LR.os", "S-I06", "2.1", "interfant06", "LR", "KMT2A germline", "OS", 6, "6-year", 87.2, "%", 2.7, N, N, "SE 2.7", 167, "", ""},
  {"i06.group.MR.efs", "S-I06", "2.1", "interfant06", "MR", "", "EFS", 6, "6-year", 44.5, "%", 2.9, N, N, "SE 2.9", 320, "", ""},
  {"i06.group.MR.os", "S-I06", "2.1", "interfant06", "MR", "", "OS", 6, "6-year", 58.1, "%", 3.0, N, N, "SE 3.0", 320, "", ""},
  {"i06.group.HR.efs", "S-I06", "2.1", "interfant06", "HR", "", "EFS", 6, "6-year", 20.9, "%", 3.4, N, N, "SE 3.4", 164, "", ""},
  {"i06.group.HR.os", "S-I06", "2.1", "interfant06", "HR", "", "OS", 6, "6-year", 29.9, "%", 3.7, N, N, "SE 3.7", 164, "", ""},
  // ---- 2.2 Interfant-06 by characteristic, 6-year EFS (S-I06)
  {"i06.char.age.0_3", "S-I06", "2.2", "interfant06", "Age at diagnosis", "0-3 mo", "EFS", 6, "6-year", 25.1, "%", 3.9, N, N, "SE 3.9", -1, kUnivariate, kAgeBands},
  {"i06.char.age.3_6", "S-I06", "2.2", "interfant06", "Age at diagnosis", "3-6 mo", "EFS", 6, "6-year", 41.5, "%", 3.8, N, N, "SE 3.8", -1, kUnivariate, kAgeBands},
  {"i06.char.age.6_9", "S-I06", "2.2", "interfant06", "Age at diagnosis", "6-9 mo", "EFS", 6, "6-year", 49.0, "%", 4.0, N, N, "SE 4.0", -1, kUnivariate, kAgeBands},
  {"i06.char.age.9_12", "S-I06", "2.2", "interfant06", "Age at diagnosis", "9-12 mo", "EFS", 6, "6-year", 68.1, "%", 4.0, N, N, "SE 4.0", -1, kUnivariate, kAgeBands},
  {"i06.char.wbc.lt100", "S-I06", "2.2", "interfant06", "WBC x10^9/L", "< 100", "EFS", 6, "6-year", 62.4, "%", 2.9, N, N, "SE 2.9", -1, kUnivariate, ""},
  {"i06.char.wbc.100_300", "S-I06", "2.2", "interfant06", "WBC x10^9/L", "100 to < 300", "EFS", 6, "6-year", 41.0, "%", 4.1, N, N, "SE 4.1", -1, kUnivariate, ""},
  {"i06.char.wbc.ge300", "S-I06", "2.2", "interfant06", "WBC x10^9/L", ">= 300", "EFS", 6, "6-year", 24.5, "%", 3.3, N, N, "SE 3.3", -1, kUnivariate, ""},
  {"i06.char.pred.PGR", "S-I06", "2.2", "interfant06", "Prednisone response", "PGR", "EFS", 6, "6-year", 49.6, "%", 2.4, N, N, "SE 2.4", -1, kUnivariate, ""},
  {"i06.char.pred.PPR", "S-I06", "2.2", "interfant06", "Prednisone response", "PPR", "EFS", 6, "6-year", 31.9, "%", 4.1, N, N, "SE 4.1", -1, kUnivariate, ""},
  {"i06.char.kmt2a.germline", "S-I06", "2.2", "interfant06", "KMT2A", "germline", "EFS", 6, "6-year", 73.9, "%", 3.4, N, N, "SE 3.4 (as printed here)", -1, kUnivariate, kLrSe},
  {"i06.char.kmt2a.rearranged", "S-I06", "2.2", "interfant06", "KMT2A", "rearranged", "EFS", 6, "6-year", 36.4, "%", 2.3, N, N, "SE 2.3", 476, kUnivariate, ""},
  {"i06.char.cd10.pos", "S-I06", "2.2", "interfant06", "CD10 (B-lineage)", "CD10+", "EFS", 6, "6-year", 57.7, "%", 3.6, N, N, "SE 3.6", -1, kUnivariate, ""},
  {"i06.char.cd10.neg", "S-I06", "2.2", "interfant06", "CD10 (B-lineage)", "CD10-", "EFS", 6, "6-year", 38.5, "%", 2.6, N, N, "SE 2.6", -1, kUnivariate, ""},
  {"i06.char.sex.male", "S-I06", "2.2", "interfant06", "Sex", "male", "EFS", 6, "6-year", 49.8, "%", 3.0, N, N, "SE 3.0", -1, kUnivariate, ""},
  {"i06.char.sex.female", "S-I06", "2.2", "interfant06", "Sex", "female", "EFS", 6, "6-year", 43.2, "%", 2.8, N, N, "SE 2.8", -1, kUnivariate, ""},
  {"i06.char.immuno.mpal", "S-I06", "2.2", "interfant06", "Immunophenotype", "biphenotypic", "EFS", 4, "4-year", 36.0, "%", 9.6, N, N, "SE 9.6", 25, kUnivariate, ""},
  {"i06.char.immuno.t", "S-I06", "2.2", "interfant06", "Immunophenotype", "T-ALL", "EFS", 4, "4-year", 45.7, "%", 16.6, N, N, "SE 16.6", 10, kUnivariate, ""},
  {"i06.char.kmt2ar_age_ge9", "S-I06", "2.2", "interfant06", "KMT2A-r and age >= 9 months", "exploratory", "EFS", 6, "6-year", 61.9, "%", 6.8, N, N, "SE 6.8", 55, "Exploratory subgroup.", ""},
  // ---- 2.3 original vs other study groups (S-I06)
  {"i06.orig.all.efs", "S-I06", "2.3", "interfant06", "original", "all", "EFS", 6, "6-year", 49.4, "%", 2.5, N, N, "SE 2.5", 447, kPostHoc, ""},
  {"i06.other.all.efs", "S-I06", "2.3", "interfant06", "other", "all", "EFS", 6, "6-year", 39.0, "%", 3.6, N, N, "SE 3.6", 204, kPostHoc, ""},
  {"i06.orig.all.os", "S-I06", "2.3", "interfant06", "original", "all", "OS", 6, "6-year", 62.1, "%", 2.4, N, N, "SE 2.4", 447, kPostHoc, ""},
  {"i06.other.all.os", "S-I06", "2.3", "interfant06", "other", "all", "OS", 6, "6-year", 49.7, "%", 3.7, N, N, "SE 3.7", 204, kPostHoc, ""},
  {"i06.orig.LR.efs", "S-I06", "2.3", "interfant06", "original", "LR", "EFS", 6, "6-year", 77.8, "%", 4.2, N, N, "SE 4.2", -1, kPostHoc, ""},
  {"i06.orig.MR.efs", "S-I06", "2.3", "interfant06", "original", "MR", "EFS", 6, "6-year", 49.0, "%", 3.6, N, N, "SE 3.6", -1, kPostHoc, ""},
  {"i06.orig.HR.efs", "S-I06", "2.3", "interfant06", "original", "HR", "EFS", 6, "6-year", 23.8, "%", 4.2, N, N, "SE 4.2", -1, kPostHoc, ""},
  {"i06.other.LR.efs", "S-I06", "2.3", "interfant06", "other", "LR", "EFS", 6, "6-year", 66.4, "%", 6.5, N, N, "SE 6.5", -1, kPostHoc, ""},
  {"i06.other.MR.efs", "S-I06", "2.3", "interfant06", "other", "MR", "EFS", 6, "6-year", 35.4, "%", 5.0, N, N, "SE 5.0", -1, kPostHoc, ""},
  {"i06.other.HR.efs", "S-I06", "2.3", "interfant06", "other", "HR", "EFS", 6, "6-year", 14.0, "%", 5.3, N, N, "SE 5.3", -1, kPostHoc, ""},
  {"i06.orig.LR.os", "S-I06", "2.3", "interfant06", "original", "LR", "OS", 6, "6-year", 91.2, "%", 2.8, N, N, "SE 2.8", -1, kPostHoc, ""},
  {"i06.orig.MR.os", "S-I06", "2.3", "interfant06", "original", "MR", "OS", 6, "6-year", 62.5, "%", 3.5, N, N, "SE 3.5", -1, kPostHoc, ""},
  {"i06.orig.HR.os", "S-I06", "2.3", "interfant06", "original", "HR", "OS", 6, "6-year", 33.9, "%", 4.7, N, N, "SE 4.7", -1, kPostHoc, ""},
  {"i06.other.LR.os", "S-I06", "2.3", "interfant06", "other", "LR", "OS", 6, "6-year", 79.5, "%", 5.5, N, N, "SE 5.5", -1, kPostHoc, ""},
  {"i06.other.MR.os", "S-I06", "2.3", "interfant06", "other", "MR", "OS", 6, "6-year", 51.0, "%", 5.1, N, N, "SE 5.1", -1, kPostHoc, ""},
  {"i06.other.HR.os", "S-I06", "2.3", "interfant06", "other", "HR", "OS", 6, "6-year", 14.9, "%", 5.6, N, N, "SE 5.6", -1, kPostHoc, ""},
  // ---- 2.4 randomised comparison (S-I06), from random assignment
  {"i06.rand.dfs6.ade", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE", "DFS", 6, "6-year", 39.3, "%", 4.0, N, N, "SE 4.0", 169, kRand, ""},
  {"i06.rand.dfs6.ib", "S-I06", "2.4", "interfant06", "randomised MR/HR", "IB", "DFS", 6, "6-year", 36.8, "%", 3.9, N, N, "SE 3.9", 161, kRand, ""},
  {"i06.rand.dfs3.ade", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE", "DFS", 3, "3-year", 45.3, "%", 3.9, N, N, "SE 3.9", 169, kRand, ""},
  {"i06.rand.dfs3.ib", "S-I06", "2.4", "interfant06", "randomised MR/HR", "IB", "DFS", 3, "3-year", 38.6, "%", 3.9, N, N, "SE 3.9", 161, kRand, ""},
  {"i06.rand.cir6.ade", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE", "cumulative incidence of relapse", 6, "6-year", 47.5, "%", 4.0, N, N, "SE 4.0", 169, kRand, ""},
  {"i06.rand.cir6.ib", "S-I06", "2.4", "interfant06", "randomised MR/HR", "IB", "cumulative incidence of relapse", 6, "6-year", 54.9, "%", 4.1, N, N, "SE 4.1", 161, kRand, ""},
  {"i06.rand.cidr6.ade", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE", "cumulative incidence of death in remission", 6, "6-year", 10.2, "%", 2.4, N, N, "SE 2.4", 169, kRand, ""},
  {"i06.rand.cidr6.ib", "S-I06", "2.4", "interfant06", "randomised MR/HR", "IB", "cumulative incidence of death in remission", 6, "6-year", 8.3, "%", 2.2, N, N, "SE 2.2", 161, kRand, ""},
  {"i06.rand.os6.ade", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE", "OS", 6, "6-year", 54.4, "%", 4.0, N, N, "SE 4.0", 169, kRand, ""},
  {"i06.rand.os6.ib", "S-I06", "2.4", "interfant06", "randomised MR/HR", "IB", "OS", 6, "6-year", 47.1, "%", 4.2, N, N, "SE 4.2", 161, kRand, ""},
  {"i06.rand.MR.dfs6.ade", "S-I06", "2.4", "interfant06", "randomised MR", "ADE+MAE", "DFS", 6, "6-year", 49.8, "%", 5.0, N, N, "SE 5.0", -1, kRand, ""},
  {"i06.rand.MR.dfs6.ib", "S-I06", "2.4", "interfant06", "randomised MR", "IB", "DFS", 6, "6-year", 42.6, "%", 5.1, N, N, "SE 5.1", -1, kRand, ""},
  {"i06.rand.HR.dfs4.ade", "S-I06", "2.4", "interfant06", "randomised HR", "ADE+MAE", "DFS", 4, "4-year", 25.5, "%", 5.8, N, N, "SE 5.8", -1, kRand, ""},
  {"i06.rand.HR.dfs4.ib", "S-I06", "2.4", "interfant06", "randomised HR", "IB", "DFS", 4, "4-year", 26.3, "%", 5.8, N, N, "SE 5.8", -1, kRand, ""},
  {"i06.rand.dfs.cox", "S-I06", "2.4", "interfant06", "randomised MR/HR", "ADE+MAE vs IB", "DFS", N, "stratified Cox model", 0.88, "hazard ratio", N, 0.66, 1.17, "95% CI 0.66-1.17, P = .39", 330, kRand, ""},
  // ---- 2.4 SCT (S-I06)
  {"i06.sct.HR.dfs4", "S-I06", "2.4", "interfant06", "HR", "after SCT", "DFS", 4, "4-year", 44.0, "%", 6.0, N, N, "SE 6.0", 76, "Only 76 of 164 HR patients were transplanted (143 reached CR; 54 had an early event first).", "[UNVERIFIED] DFS presumably measured from the SCT date."},
  {"i06.sct.MR_mrd.dfs4", "S-I06", "2.4", "interfant06", "MR with MRD >= 1e-4 before OCTADA(D)", "after SCT", "DFS", 4, "4-year", 18.8, "%", 12.5, N, N, "SE 12.5", 16, "16 of 23 such patients had SCT; 4 in continuous CR.", "[UNVERIFIED] DFS presumably measured from the SCT date."},
  // ---- 2.4 KMT2A-germline (S-STUT-G)
  {"i06.kmt2ag.age_lt6.dfs6", "S-STUT-G", "2.4", "interfant06", "KMT2A germline", "age < 6 months", "DFS", 6, "6-year", 91.0, "%", 9.0, N, N, "SE 9.0", -1, "In KMT2A-germline infants age < 6 months was favourable (P = .04), the opposite of KMT2A-r.", ""},
  {"i06.kmt2ag.age_gt6.dfs6", "S-STUT-G", "2.4", "interfant06", "KMT2A germline", "age > 6 months", "DFS", 6, "6-year", 71.7, "%", 4.2, N, N, "SE 4.2", -1, "In KMT2A-germline infants age < 6 months was favourable (P = .04), the opposite of KMT2A-r.", ""},
  {"i06.kmt2ag.mrd_eoi.high", "S-STUT-G", "2.4", "interfant06", "KMT2A germline, EOI MRD", "high (>= 5x10^-4)", "DFS", 6, "6-year", 61.4, "%", 12.4, N, N, "SE 12.4", 16, "EOI MRD by RQ-PCR (n = 68), P = .02; MRD at end of consolidation was not significant.", ""},
  {"i06.kmt2ag.mrd_eoi.intermediate", "S-STUT-G", "2.4", "interfant06", "KMT2A germline, EOI MRD", "intermediate (< 5x10^-4)", "DFS", 6, "6-year", 76.4, "%", 11.3, N, N, "SE 11.3", 24, "EOI MRD by RQ-PCR (n = 68), P = .02; MRD at end of consolidation was not significant.", ""},
  {"i06.kmt2ag.mrd_eoi.negative", "S-STUT-G", "2.4", "interfant06", "KMT2A germline, EOI MRD", "negative", "DFS", 6, "6-year", 87.9, "%", 6.6, N, N, "SE 6.6", 28, "EOI MRD by RQ-PCR (n = 68), P = .02; MRD at end of consolidation was not significant.", ""},
  // ---- 2.5 cross-trial table (S-ED) and further Interfant-99 figures
  {"bfm.cross.efs6", "S-ED", "2.5", "bfm83_86_90", "all", "", "EFS", 6, "6-year", 43, "%", 5, N, N, "SE 5", 106, "", ""},
  {"ccg1953.cross.efs5", "S-ED", "2.5", "ccg1953", "all", "", "EFS", 5, "5-year", 41.7, "%", 9.2, N, N, "SE 9.2", 115, "", "The CCG 1953 abstract (Hilden 2006) labels 9.2 an SD."},
  {"i99.cross.efs4", "S-ED", "2.5", "interfant99", "all", "", "EFS", 4, "4-year", 47.0, "%", 2.6, N, N, "SE 2.6", 482, "", ""},
  {"i99.cross.kmt2ar.efs4", "S-ED", "2.5", "interfant99", "KMT2A-r", "", "EFS", 4, "4-year", 36.9, "%", 3.1, N, N, "SE 3.1", 314, "", ""},
  {"i99.cross.os4", "S-ED", "2.5", "interfant99", "all", "", "OS", 4, "4-year", 55.3, "%", 2.7, N, N, "SE 2.7", 482, "", ""},
  {"i99.orig.efs6", "S-I06", "2.5", "interfant99", "original", "all", "EFS", 6, "6-year", 48.0, "%", 2.6, N, N, "SE 2.6", -1, "", ""},
  {"i99.orig.os6", "S-I06", "2.5", "interfant99", "original", "all", "OS", 6, "6-year", 55.5, "%", 2.6, N, N, "SE 2.6", -1, "", ""},
  {"i99.other.efs6", "S-I06", "2.5", "interfant99", "other", "all", "EFS", 6, "6-year", 40.0, "%", 5.3, N, N, "SE 5.3", -1, "", ""},
  {"i99.other.os6", "S-I06", "2.5", "interfant99", "other", "all", "OS", 6, "6-year", 46.1, "%", 5.4, N, N, "SE 5.4", -1, "", ""},
  {"i99.vora.efs6", "S-VORA", "2.5", "interfant99", "all", "", "EFS", 6, "6-year", 46.4, "%", N, N, N, "", -1, "Quoted in the S-VORA letter, without SE.", ""},
  {"i99.vora.os6", "S-VORA", "2.5", "interfant99", "all", "", "OS", 6, "6-year", 53.8, "%", N, N, N, "", -1, "Quoted in the S-VORA letter, without SE.", ""},
  {"mll10.cross.efs", "S-ED", "2.5", "mll10", "all", "", "EFS", 3, kMll10Label, 70.9, "%", 4.9, N, N, "SE 4.9", 90, "", kMll10Foot},
  {"mll10.cross.kmt2ar.efs", "S-ED", "2.5", "mll10", "KMT2A-r", "", "EFS", 3, kMll10Label, 66.2, "%", 5.6, N, N, "SE 5.6", 75, "", kMll10Foot},
  {"mll10.cross.os", "S-ED", "2.5", "mll10", "all", "", "OS", 3, kMll10Label, 85.0, "%", 3.9, N, N, "SE 3.9", 90, "", kMll10Foot},
  // ---- 2.6 MLL-10 by group (S-MLL10), 3-year EFS
  {"mll10.group.LR.efs3", "S-MLL10", "2.6", "mll10", "LR", "KMT2A germline", "EFS", 3, "3-year (Tomizawa 2020 abstract)", 93.3, "%", 6.4, N, N, "SE 6.4", 15, "", "Guest 2022 cites MLL-10 KMT2A-g as \"5-year EFS 93%\"."},
  {"mll10.group.IR.efs3", "S-MLL10", "2.6", "mll10", "IR", "", "EFS", 3, "3-year (Tomizawa 2020 abstract)", 94.4, "%", 5.4, N, N, "SE 5.4", 19, "", ""},
  {"mll10.group.HR.efs3", "S-MLL10", "2.6", "mll10", "HR", "", "EFS", 3, "3-year (Tomizawa 2020 abstract)", 56.6, "%", 6.8, N, N, "SE 6.8", 56, "All HR patients were allocated to HSCT in CR1.", ""},
  {"mll10.group.kmt2ar.efs3", "S-MLL10", "2.6", "mll10", "KMT2A-r (IR + HR)", "", "EFS", 3, kMll10Label, 66.2, "%", 5.6, N, N, "SE 5.6", 75, "", kMll10Foot},
  // ---- 2.7 AALL0631 (S-0631)
  {"aall0631.kmt2ar.efs3.lestaurtinib", "S-0631", "2.7", "aall0631", "KMT2A-r", "chemotherapy + lestaurtinib", "EFS", 3, "3-year", 36, "%", 6, N, N, "+-6", 67, "No difference between arms (P = .67).", kCogSe},
  {"aall0631.kmt2ar.efs3.chemo", "S-0631", "2.7", "aall0631", "KMT2A-r", "chemotherapy only", "EFS", 3, "3-year", 39, "%", 7, N, N, "+-7", 54, "No difference between arms (P = .67).", kCogSe},
  {"aall0631.mrd.tp1.kmt2ar.pos", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP1", "MRD+", "EFS", 3, "3-year", 25, "%", 6, N, N, "+-6", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp1.kmt2ar.neg", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP1", "MRD-", "EFS", 3, "3-year", 49, "%", 7, N, N, "+-7", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp2.kmt2ar.pos", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP2", "MRD+", "EFS", 3, "3-year", 21, "%", 8, N, N, "+-8", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp2.kmt2ar.neg", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP2", "MRD-", "EFS", 3, "3-year", 47, "%", 7, N, N, "+-7", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp3.kmt2ar.pos", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP3", "MRD+", "EFS", 3, "3-year", 22, "%", 14, N, N, "+-14", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp3.kmt2ar.neg", "S-0631", "2.7", "aall0631", "KMT2A-r, MRD TP3", "MRD-", "EFS", 3, "3-year", 51, "%", 6, N, N, "+-6", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp1.kmt2ag.pos", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP1", "MRD+", "EFS", 3, "3-year", 88, "%", 12, N, N, "+-12", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp1.kmt2ag.neg", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP1", "MRD-", "EFS", 3, "3-year", 87, "%", 5, N, N, "+-5", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp2.kmt2ag.pos", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP2", "MRD+", "EFS", 3, "3-year", 100, "%", N, N, N, "", -1, kFaulk, ""},
  {"aall0631.mrd.tp2.kmt2ag.neg", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP2", "MRD-", "EFS", 3, "3-year", 88, "%", 5, N, N, "+-5", -1, kFaulk, kCogSe},
  {"aall0631.mrd.tp3.kmt2ag.pos", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP3", "MRD+", "EFS", 3, "3-year", 100, "%", N, N, N, "", -1, kFaulk, ""},
  {"aall0631.mrd.tp3.kmt2ag.neg", "S-0631", "2.7", "aall0631", "KMT2A-g, MRD TP3", "MRD-", "EFS", 3, "3-year", 87, "%", 5, N, N, "+-5", -1, kFaulk, kCogSe},
  // ---- 2.8 blinatumomab, KMT2A-r only (S-BLIN-NEWS, S-BLIN-LT, S-VORA)
  {"blina.nejm.dfs2", "S-BLIN-NEWS", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "blinatumomab", "DFS", 2, "2-year", 81.6, "%", N, N, N, "", 30, kBlina, "[UNVERIFIED] CIs not retrieved; DFS start point (enrolment or blinatumomab start) unverified."},
  {"blina.nejm.control.dfs2", "S-BLIN-NEWS", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "historical Interfant-06 controls", "DFS", 2, "2-year", 49.4, "%", N, N, N, "", 214, kBlina, "Unrelated to the Interfant-06 original-groups 6-year EFS of 49.4%."},
  {"blina.nejm.os2", "S-BLIN-NEWS", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "blinatumomab", "OS", 2, "2-year", 93.3, "%", N, N, N, "", 30, kBlina, ""},
  {"blina.nejm.control.os2", "S-BLIN-NEWS", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "historical Interfant-06 controls", "OS", 2, "2-year", 65.8, "%", N, N, N, "", 214, kBlina, ""},
  {"blina.lt.dfs4", "S-BLIN-LT", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "blinatumomab", "DFS", 4, "4-year", 83.3, "%", N, 64.5, 92.7, "95% CI 64.5-92.7", 30, kBlina, "[UNVERIFIED] journal of the long-term report."},
  {"blina.lt.control.dfs4", "S-BLIN-LT", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "historical Interfant-06 controls", "DFS", 4, "4-year", 44.0, "%", N, 37.0, 50.8, "95% CI 37.0-50.8", -1, kBlina, "[UNVERIFIED] journal of the long-term report."},
  {"blina.lt.os4", "S-BLIN-LT", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "blinatumomab", "OS", 4, "4-year", 93.3, "%", N, 75.9, 98.3, "95% CI 75.9-98.3", 30, kBlina, "[UNVERIFIED] journal of the long-term report."},
  {"blina.lt.control.os4", "S-BLIN-LT", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "historical Interfant-06 controls", "OS", 4, "4-year", 60.2, "%", N, 53.0, 66.7, "95% CI 53.0-66.7", -1, kBlina, "[UNVERIFIED] journal of the long-term report."},
  {"blina.lt.cir4", "S-BLIN-LT", "2.8", "blinatumomab", "KMT2A-r, Interfant-06 + blinatumomab", "blinatumomab", "cumulative incidence of relapse", 4, "4-year", 13.3, "%", N, 4.1, 28.1, "95% CI 4.1-28.1", 30, kBlina, "[UNVERIFIED] journal of the long-term report."},
  {"blina.vora.efs3_post_hsct", "S-VORA", "2.8", "blinatumomab", "KMT2A-r, blinatumomab before HSCT (relapsed/refractory)", "post-HSCT", "EFS", 3, "3-year", 47, "%", N, N, N, "", 11, "11 infants (7 after relapse); median post-HSCT follow-up 267 days, so very imprecise; EFS here excludes induction failure and must not be pooled with Interfant EFS.", "[UNVERIFIED] citation (probably Clesham et al., Blood 2020)."},
  {"blina.vora.os3_post_hsct", "S-VORA", "2.8", "blinatumomab", "KMT2A-r, blinatumomab before HSCT (relapsed/refractory)", "post-HSCT", "OS", 3, "3-year", 81, "%", N, N, N, "", 11, "11 infants (7 after relapse); median post-HSCT follow-up 267 days, so very imprecise.", "[UNVERIFIED] citation (probably Clesham et al., Blood 2020)."},
  // ---- 2.9 other figures in context
  {"bfm.pred.PGR.efs6", "S-DORD", "2.9", "bfm83_86_90", "Prednisone response", "PGR", "pEFS", 6, "6-year", 53, "%", 6, N, N, "+-6", -1, "", ""},
  {"bfm.pred.PPR.efs6", "S-DORD", "2.9", "bfm83_86_90", "Prednisone response", "PPR", "pEFS", 6, "6-year", 15, "%", 7, N, N, "+-7", -1, "P = .0001", ""},
  {"bfm.pred.PPR.rr", "S-DORD", "2.9", "bfm83_86_90", "Prednisone response", "PPR vs PGR", "EFS", N, "multivariable", 3.3, "relative risk", N, 1.9, 5.8, "95% CI 1.9-5.8", -1, "", ""},
  {"i99.mann.hsct", "S-MANN", "2.9", "interfant99", "Mann HR subgroup (KMT2A-r, < 6 mo, PPR or WBC >= 300)", "HSCT vs chemotherapy", "relapse or death in CR", N, "adjusted for waiting time", 0.36, "hazard ratio", N, 0.15, 0.86, "95% CI 0.15-0.86", 97, "Post hoc subgroup of Interfant-99 (97 of 297 KMT2A-r); no benefit in the other patients.", ""},
};
// clang-format on

std::string key_of(const std::string& s) {
  std::string k;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return k;
}

void add(OutcomeSelection& s, const char* key) {
  for (const OutcomeFigure& r : s.rows) {
    if (std::string(r.key) == key) return;  // each figure once
  }
  if (const OutcomeFigure* f = find_outcome(key)) s.rows.push_back(*f);
}

// Interfant-06 age band [0,3), [3,6), [6,9), [9,12] months: calendar months from the dates; with
// days only the mean month (30.4375 d: <= 91, <= 182, <= 273 days); with months only, months.
const char* age_band_key(const PatientFacts& f, const PatientInput& in) {
  int band = -1;
  if (f.age_source == AgeSource::dates) {
    band = 3;
    for (int b = 0; b < 3; ++b) {
      if (*in.diagnosis_date < add_months_clamped(*in.dob, 3 * (b + 1))) {
        band = b;
        break;
      }
    }
  } else if (f.age_source == AgeSource::age_days) {
    const int d = *f.age_days;
    band = d <= 91 ? 0 : d <= 182 ? 1 : d <= 273 ? 2 : 3;
  } else if (f.age_source == AgeSource::age_months) {
    const double m = *f.age_months;
    band = m < 3 ? 0 : m < 6 ? 1 : m < 9 ? 2 : 3;
  }
  static const char* const kKeys[4] = {"i06.char.age.0_3", "i06.char.age.3_6", "i06.char.age.6_9",
                                       "i06.char.age.9_12"};
  return band < 0 ? nullptr : kKeys[band];
}

void interfant06_rows(const ClassifyResult& r, const PatientInput& in, OutcomeSelection& s) {
  const PatientFacts& f = r.facts;
  if (r.status == ClassifyStatus::definite) {
    const std::string g = r.group;
    add(s, ("i06.group." + g + ".efs").c_str());
    add(s, ("i06.group." + g + ".os").c_str());
    for (const char* part : {"orig", "other"}) {
      add(s, (std::string("i06.") + part + "." + g + ".efs").c_str());
      add(s, (std::string("i06.") + part + "." + g + ".os").c_str());
    }
    if (in.study_group) {
      const StudyGroupCategory c = study_group_category(*in.study_group);
      s.notes.push_back("Study group \"" + *in.study_group + "\" is " +
                        (c == StudyGroupCategory::original ? "an original Interfant-06 group"
                         : c == StudyGroupCategory::other  ? "one of the other Interfant-06 groups"
                                                           : "not mapped to original/other") +
                        " (the original/other comparison is post hoc).");
    }
    if (g == "LR") {
      for (const char* k :
           {"i06.kmt2ag.age_lt6.dfs6", "i06.kmt2ag.age_gt6.dfs6", "i06.kmt2ag.mrd_eoi.high",
            "i06.kmt2ag.mrd_eoi.intermediate", "i06.kmt2ag.mrd_eoi.negative"}) {
        add(s, k);
      }
      s.notes.push_back(
          "In KMT2A-germline infants the age effect is reversed: age < 6 months "
          "was favourable (Stutterheim 2022).");
    } else if (g == "MR") {
      add(s, "i06.rand.MR.dfs6.ade");
      add(s, "i06.rand.MR.dfs6.ib");
      for (const auto& fl : r.flags) {
        if (fl == "SCT_RECOMMENDED_MR_MRD") add(s, "i06.sct.MR_mrd.dfs4");
      }
    } else if (g == "HR") {
      add(s, "i06.sct.HR.dfs4");
    }
  }
  // Characteristic rows the patient falls in (univariate; shown side by side). The whole-cohort
  // age, WBC and prednisone rows are dominated by KMT2A-r infants, and in KMT2A-germline
  // infants the age effect is reversed: for a germline infant the germline rows stand instead.
  if (f.kmt2a == Kmt2aStatus::germline) {
    add(s, "i06.kmt2ag.age_lt6.dfs6");
    add(s, "i06.kmt2ag.age_gt6.dfs6");
    s.notes.push_back(
        "For a KMT2A-germline infant the whole-cohort rows by age, WBC and prednisone response "
        "are not shown: they describe mostly KMT2A-rearranged infants, and in germline infants "
        "age under 6 months was favourable (Stutterheim et al. 2022), the opposite of the "
        "cohort.");
  } else {
    if (const char* k = age_band_key(f, in)) add(s, k);
    if (f.wbc_x10e9_l) {
      const double w = *f.wbc_x10e9_l;
      add(s, f.wbc_ge_300 == Tri::True ? "i06.char.wbc.ge300"
             : w < 100                 ? "i06.char.wbc.lt100"
                                       : "i06.char.wbc.100_300");
    }
    if (f.ppr != Tri::Unknown) {
      add(s, f.ppr == Tri::True ? "i06.char.pred.PPR" : "i06.char.pred.PGR");
    }
  }
  if (f.kmt2a != Kmt2aStatus::unknown) {
    add(s,
        f.kmt2a == Kmt2aStatus::germline ? "i06.char.kmt2a.germline" : "i06.char.kmt2a.rearranged");
  }
  const bool non_b =
      in.immunophenotype == Immunophenotype::t || in.immunophenotype == Immunophenotype::mpal;
  if (in.cd10_positive && !non_b) {
    add(s, *in.cd10_positive ? "i06.char.cd10.pos" : "i06.char.cd10.neg");
  }
  if (in.sex) add(s, *in.sex == Sex::male ? "i06.char.sex.male" : "i06.char.sex.female");
  if (in.immunophenotype == Immunophenotype::mpal) add(s, "i06.char.immuno.mpal");
  if (in.immunophenotype == Immunophenotype::t) add(s, "i06.char.immuno.t");
  if (f.kmt2a == Kmt2aStatus::rearranged) {
    bool ge9 = false;
    if (f.age_source == AgeSource::dates) {
      ge9 = !(*in.diagnosis_date < add_months_clamped(*in.dob, 9));
    } else if (f.age_days) {
      ge9 = *f.age_days > 273;
    } else if (f.age_months) {
      ge9 = *f.age_months >= 9;
    }
    if (ge9) add(s, "i06.char.kmt2ar_age_ge9");
  }
}

}  // namespace

const std::vector<OutcomeFigure>& reference_outcome_table() { return kTable; }

const char* citation_of(const std::string& source) {
  // Short enough for a table column; the full references are in docs/CLINICAL-RULES.md.
  static const std::pair<const char*, const char*> kCitations[] = {
      {"S-I06", "Pieters et al., J Clin Oncol 2019"},
      {"S-ED", "Blood 2020 commentary (cross-trial table)"},
      {"S-MLL10", "Tomizawa et al., Blood 2020"},
      {"S-MANN", "Mann et al., Blood 2010"},
      {"S-I99", "Pieters et al., Lancet 2007"},
      {"S-0631", "Brown et al., Leukemia 2021 (COG AALL0631)"},
      {"S-0631-MRD", "Faulk et al., Pediatr Blood Cancer 2023"},
      {"S-STUT-G", "Stutterheim et al. 2022 (KMT2A-germline)"},
      {"S-STUT-R", "Stutterheim et al., J Clin Oncol 2021"},
      {"S-BLIN-NEWS", "van der Sluis et al., N Engl J Med 2023"},
      {"S-BLIN-LT", "van der Sluis et al., follow-up (2026)"},
      {"S-VORA", "Letter, Blood 2020 (probably Clesham et al.)"},
      {"S-DORD", "Dordelmann et al., Blood 1999"},
  };
  for (const auto& c : kCitations) {
    if (source == c.first) return c.second;
  }
  return "";
}

std::string estimate_text(const OutcomeFigure& f) {
  if (!std::isfinite(f.estimate)) return "";
  // The published precision: that of the uncertainty as printed ("SE 4.0" -> one decimal), else
  // the value's own (47 stays 47, 81.6 stays 81.6).
  int decimals = -1;
  const std::string u = f.uncertainty;
  const size_t digit = u.find_first_of("0123456789");
  if (digit != std::string::npos) {
    size_t end = digit;
    while (end < u.size() && (std::isdigit(static_cast<unsigned char>(u[end])) || u[end] == '.')) {
      ++end;
    }
    const std::string first = u.substr(digit, end - digit);
    const size_t dot = first.find('.');
    decimals = dot == std::string::npos ? 0 : static_cast<int>(first.size() - dot - 1);
  }
  char buf[64];
  if (decimals < 0) {
    std::snprintf(buf, sizeof buf, "%g", f.estimate);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, f.estimate);
  }
  return buf;
}

const OutcomeFigure* find_outcome(const std::string& key) {
  for (const auto& f : kTable) {
    if (key == f.key) return &f;
  }
  return nullptr;
}

StudyGroupCategory study_group_category(const std::string& study_group) {
  const std::string k = key_of(study_group);
  if (k.empty()) return StudyGroupCategory::unknown;
  static const char* const kOriginal[] = {"dcog",
                                          "ukccsg",
                                          "fralle",
                                          "aieop",
                                          "coall",
                                          "eortc",
                                          "eortcclg",
                                          "nopho",
                                          "bfmaustria",
                                          "bfma",
                                          "stjude",
                                          "stjudes",
                                          "stjudechildrensresearchhospital",
                                          "dfci",
                                          "danafarber",
                                          "cph",
                                          "czech",
                                          "czechworkinggroup",
                                          "czechworkinggroupcph",
                                          "bfmgermany",
                                          "bfmg",
                                          "bfm"};
  static const char* const kOther[] = {"argentina", "chile",   "pinda",           "chilepinda",
                                       "anzchog",   "cuhk",    "hongkong",        "ppllsg",
                                       "poland",    "seattle", "seattlechildrens"};
  for (const char* o : kOriginal) {
    if (k == o) return StudyGroupCategory::original;
  }
  for (const char* o : kOther) {
    if (k == o) return StudyGroupCategory::other;
  }
  return StudyGroupCategory::unknown;
}

OutcomeSelection outcomes_for(const ClassifyResult& r, const PatientInput& in) {
  OutcomeSelection s;
  if (r.status == ClassifyStatus::invalid) return s;
  s.notes.push_back(kUnivariate);
  const PatientFacts& f = r.facts;
  const bool applicable = r.status != ClassifyStatus::not_applicable;
  switch (r.protocol) {
    case Protocol::interfant06:
      if (applicable) interfant06_rows(r, in, s);
      break;
    case Protocol::interfant99:
      if (!applicable) break;
      add(s, "i99.cross.efs4");
      add(s, "i99.cross.os4");
      if (f.kmt2a == Kmt2aStatus::rearranged) add(s, "i99.cross.kmt2ar.efs4");
      if (r.mann_hr_subgroup == Tri::True) add(s, "i99.mann.hsct");
      s.notes.push_back(
          "No outcome figures by Interfant-99 SR/HR group were retrieved; cohort "
          "figures are shown.");
      break;
    case Protocol::mll10:
      if (r.status == ClassifyStatus::definite) {
        add(s, ("mll10.group." + r.group + ".efs3").c_str());
        if (r.group != "LR") add(s, "mll10.group.kmt2ar.efs3");
      }
      break;
    case Protocol::interfant21:
      if (applicable) {
        s.notes.push_back("Interfant-21 is ongoing; it has published no outcome figures.");
      }
      break;
    case Protocol::aall0631:
      if (r.status == ClassifyStatus::definite) {
        if (r.group == "SR") {
          s.notes.push_back(
              "AALL0631 KMT2A-germline (SR) outcome figures were not retrieved; "
              "left blank.");
        } else {
          add(s, "aall0631.kmt2ar.efs3.lestaurtinib");
          add(s, "aall0631.kmt2ar.efs3.chemo");
          s.notes.push_back(
              "AALL0631 figures by IR vs HR were not retrieved; the KMT2A-r "
              "figures are shown.");
        }
      }
      break;
  }
  if (applicable && f.kmt2a == Kmt2aStatus::rearranged) {
    for (const char* k : {"blina.nejm.dfs2", "blina.nejm.control.dfs2", "blina.nejm.os2",
                          "blina.nejm.control.os2", "blina.lt.dfs4", "blina.lt.control.dfs4",
                          "blina.lt.os4", "blina.lt.control.os4", "blina.lt.cir4"}) {
      add(s, k);
    }
    s.notes.push_back(kBlina);
  }
  return s;
}

}  // namespace infant_all
