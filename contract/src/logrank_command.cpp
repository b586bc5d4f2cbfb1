// infant-all logrank: survdiff(Surv(time, event) ~ group + strata(s), rho) as the ENGINE.md
// "logrank" JSON, plus the trend test across ordered groups.
#include "command_list.h"
#include "exposure_input.h"
#include "infant_all/stats/log_rank.h"
#include "survival_input.h"

namespace infant_all::contract {

nlohmann::ordered_json logrank_json(const LogRankResult& lr, const LogRankOptions& opt) {
  using json = nlohmann::ordered_json;
  json var = json::array();
  for (const auto& row : lr.var) var.push_back(nums(row));
  return {{"groups", lr.groups},
          {"n", lr.n},
          {"obs", nums(lr.obs)},
          {"exp", nums(lr.exp)},
          {"var", var},
          {"chisq", num(lr.chisq)},
          {"df", lr.df},
          {"p", num(lr.p)},
          {"rho", opt.rho},
          {"strata", lr.strata},
          {"trend",
           {{"scores", nums(lr.trend_scores)},
            {"chisq", num(lr.trend_chisq)},
            {"df", 1},
            {"p", num(lr.trend_p)}}}};
}

CommandOutput logrank_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  CommandOutput out;
  Errors err;
  LogRankInput in;
  LogRankOptions opt;
  SurvivalInput s;
  GroupedInput g;
  if (survival_input(context, r, "event", LogRankInput::kMissingStatus, &s, err) &&
      grouped_input(context, r, true, &s, &g, err)) {
    // With an exposure: the Mantel-Byar test on tmerge's split (groups = exposure over each
    // interval), or with --naive the ever-exposed comparison from time 0.
    in.time = std::move(g.time);
    in.status = std::move(g.status);
    in.entry = std::move(g.entry);
    in.group = std::move(g.group);
    codes_at(context, r, "strata", s.rows, &in.strata, err);
  }
  get_double(r, "rho", &opt.rho, err);
  get_doubles(r, "trend_scores", &opt.trend_scores, err);
  if (r.contains("levels") && r["levels"].is_array()) {
    for (const auto& l : r["levels"]) {
      if (l.is_string()) opt.levels.push_back(l.get<std::string>());
    }
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const LogRankResult lr = log_rank(in, opt);
  if (!lr.status.ok()) {
    out.error = locate_error(t, s.rows, lr.status);
    return out;
  }
  out.result = logrank_json(lr, opt);
  out.result["n_excluded"] = lr.n_excluded;
  out.result["excluded_rows"] = file_rows_at(t, s.rows, lr.excluded_rows);
  out.result["warning"] = lr.warning;
  if (!g.exposure.is_null()) out.result["exposure"] = g.exposure;
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
