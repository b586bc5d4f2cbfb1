// infant-all crosstab: one row of a characteristics table (Interfant-06 Table 1 style): the
// counts of --row by --col with Pearson's chi-square (R: chisq.test, Yates on 2x2) and Fisher's
// exact test (R: fisher.test), with the margins and column percentages a Table 1 prints.
#include "command_list.h"
#include "infant_all/stats/association.h"
#include "survival_input.h"

namespace infant_all::contract {

CommandOutput crosstab_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  // Either may be "risk_group": the classifier's group of each row (codes_at).
  const std::vector<size_t> all_rows = table_rows(t);
  GroupCodes row_labels, col_labels;
  for (const char* option : {"row", "col"}) {
    if (!r.contains(option)) err.fail(std::string("--") + option + " is required");
  }
  if (err.ok()) codes_at(context, r, "row", all_rows, &row_labels, err);
  if (err.ok()) codes_at(context, r, "col", all_rows, &col_labels, err);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  // Missing counted per variable (a patient not classified is not missing a characteristic).
  size_t n_row_missing = 0, n_col_missing = 0;
  for (size_t i = 0; i < row_labels.size(); ++i) {
    n_row_missing += row_labels.code[i] < 0 ? 1 : 0;
    n_col_missing += col_labels.code[i] < 0 ? 1 : 0;
  }
  const ContingencyTable tab = cross_tabulate(row_labels, col_labels);
  if (!tab.status.ok()) {
    out.error = tab.status.message;
    return out;
  }
  ChisqTestOptions copt;
  if (r.contains("correct") && r["correct"].is_boolean()) copt.correct = r["correct"].get<bool>();
  const ChisqTestResult chi = chisq_test(tab, copt);
  const FisherTestResult fisher = fisher_test(tab);
  const TableMargins margins = table_margins(tab);
  json counts = json::array();
  json col_percent = json::array();
  for (int i = 0; i < tab.nrow; ++i) {
    json line = json::array();
    json pct = json::array();
    for (int j = 0; j < tab.ncol; ++j) {
      line.push_back(tab.counts[i * tab.ncol + j]);
      pct.push_back(num(margins.col_percent[i * tab.ncol + j]));
    }
    counts.push_back(line);
    col_percent.push_back(pct);
  }
  json chisq = {
      {"method", chi.method}, {"statistic", num(chi.statistic)}, {"df", chi.df},
      {"p", num(chi.p)},      {"expected", nums(chi.expected)},  {"warning", chi.warning}};
  if (!chi.status.ok())
    chisq = {{"status", to_string(chi.status.code)}, {"message", chi.status.message}};
  json fish = {{"method", fisher.method}, {"p", num(fisher.p)}};
  if (tab.nrow == 2 && tab.ncol == 2) {
    fish["odds_ratio"] = num(fisher.estimate);
    fish["conf_lower"] = num(fisher.conf_lower);
    fish["conf_upper"] = num(fisher.conf_upper);
    fish["conf_level"] = fisher.conf_level;
  }
  if (!fisher.status.ok()) {
    fish = {{"status", to_string(fisher.status.code)}, {"message", fisher.status.message}};
  }
  // The column's name as the table has it (a duplicate header's " (2)"), or risk_group.
  auto name_of = [&](const char* option) {
    const std::string asked = r[option].is_string() ? r[option].get<std::string>() : "";
    const int j = t.find(asked);
    return j >= 0 ? t.columns[static_cast<size_t>(j)].name : asked;
  };
  out.result = {{"row", name_of("row")},
                {"col", name_of("col")},
                {"row_levels", tab.row_levels},
                {"col_levels", tab.col_levels},
                {"counts", counts},
                {"row_totals", margins.row_totals},
                {"col_totals", margins.col_totals},
                {"total", margins.total},
                {"col_percent", col_percent},
                {"row_total_percent", nums(margins.row_total_percent)},
                {"chisq", chisq},
                {"fisher", fish},
                {"n_excluded", tab.n_excluded},
                {"n_row_missing", n_row_missing},
                {"n_col_missing", n_col_missing},
                {"excluded_rows", file_rows(t, tab.excluded_rows)}};
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
