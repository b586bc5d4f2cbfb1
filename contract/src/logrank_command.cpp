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
  ExposureSplit split;
  const bool by_exposure = has_exposure(r);
  const bool naive = r.contains("naive") && r["naive"].is_boolean() && r["naive"].get<bool>();
  if (survival_input(context, r, "event", LogRankInput::kMissingStatus, &s, err)) {
    if (naive) {
      // The biased comparison, grouped by ever exposed from time 0 (for contrast only).
      in.time = s.time;
      in.status = s.status;
      if (r.contains("group") || r.contains("entry")) {
        err.fail("--naive groups by ever exposed: not with --group or --entry");
      } else {
        naive_groups(context, r, s, &in.group, err);
      }
    } else if (by_exposure) {
      // Mantel-Byar: the groups are the exposure each interval was spent in (R's tmerge split;
      // the score test of coxph(Surv(tstart, tstop, event) ~ exposed, ties = "exact")).
      if (r.contains("group") || r.contains("entry")) {
        err.fail(
            "--exposure-time/--exposure-date is the grouping (Mantel-Byar): not with "
            "--group or --entry");
      } else if (split_exposure(context, r, s, &split, err)) {
        in.time = split.stop;
        in.status = split.status;
        in.entry = split.start;
        in.group = GroupCodes({"0", "1"}, split.exposed);
        s.rows = split.rows;
      }
    } else {
      in.time = s.time;
      in.status = s.status;
      if (!r.contains("group")) err.fail("--group is required (a column name, or risk_group)");
      codes_at(context, r, "group", s.rows, &in.group, err);
      times_at(context, r, "entry", s, &in.entry, err);
    }
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
  if (naive) {
    out.result["exposure"] = {{"naive", true},
                              {"groups", {{"0", "never exposed"}, {"1", "ever exposed"}}}};
  } else if (by_exposure) {
    out.result["exposure"] = split.summary;
  }
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
