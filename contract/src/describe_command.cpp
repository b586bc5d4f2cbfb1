// infant-all describe: one continuous row of a characteristics table: --var (a number column,
// e.g. age or WBC) by --by (a column or risk_group): n, missing, median, quartiles (R's
// quantile type 7) and range per group, with the Wilcoxon rank-sum test (2 groups, R:
// wilcox.test(exact = FALSE, correct = TRUE)) or the Kruskal-Wallis test (3+, R: kruskal.test).
#include <cmath>

#include "command_list.h"
#include "infant_all/stats/numeric_summary.h"
#include "survival_input.h"

namespace infant_all::contract {

namespace {

nlohmann::ordered_json summary_json(const NumericSummary& s,
                                    nlohmann::ordered_json g = nlohmann::ordered_json::object()) {
  g.update(nlohmann::ordered_json{{"n", s.n},
                                  {"n_missing", s.n_missing},
                                  {"median", num(s.median)},
                                  {"q1", num(s.q1)},
                                  {"q3", num(s.q3)},
                                  {"min", num(s.min)},
                                  {"max", num(s.max)}});
  return g;
}

}  // namespace

CommandOutput describe_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  const std::vector<size_t> all_rows = table_rows(t);
  if (!r.contains("by")) err.fail("--by is required");
  const Column* var = err.ok() ? require_column(t, r, "var", err) : nullptr;
  std::vector<double> x;
  if (err.ok()) numbers_at(t, *var, "var", all_rows, &x, err);
  GroupCodes by;
  if (err.ok()) codes_at(context, r, "by", all_rows, &by, err);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const NumericByGroup d = describe_by_group(x, by);
  if (!d.status.ok()) {
    out.error = d.status.message;
    return out;
  }
  size_t n_missing = 0;  // of the variable itself, over every row of the file
  for (const double v : x) n_missing += std::isnan(v) ? 1 : 0;
  json groups = json::array();
  for (size_t j = 0; j < d.levels.size(); ++j) {
    groups.push_back(summary_json(d.groups[j], json{{"level", d.levels[j]}}));
  }
  json test = nullptr;
  if (!d.test.empty()) {
    test = {{"name", d.test}, {"method", d.method}, {"statistic", num(d.statistic)}};
    if (d.test == "kruskal") test["df"] = d.df;
    test["p"] = num(d.p);
    if (!d.test_message.empty()) test["message"] = d.test_message;
  }
  const std::string var_name = var->name;
  const std::string asked = r["by"].is_string() ? r["by"].get<std::string>() : "";
  const int j = t.find(asked);
  out.result = {{"var", var_name},
                {"by", j >= 0 ? t.columns[static_cast<size_t>(j)].name : asked},
                {"levels", d.levels},
                {"groups", groups},
                {"total", summary_json(d.total)},
                {"n_missing", n_missing},
                {"n_by_missing", d.n_group_missing},
                {"test", test},
                {"test_message", d.test.empty() ? json(d.test_message) : json(nullptr)}};
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
