#include "exposure_input.h"

#include <cmath>
#include <limits>

#include "infant_all/format.h"
#include "infant_all/stats/time_split.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

bool given(const json& r, const char* key) { return r.contains(key) && !r[key].is_null(); }

}  // namespace

bool has_exposure(const json& r) { return given(r, "exposure_time") || given(r, "exposure_date"); }

bool exposure_times(AnalysisContext& context, const json& r, const SurvivalInput& s,
                    std::vector<double>* out, std::string* option, Errors& err) {
  const bool by_time = given(r, "exposure_time");
  if (by_time == given(r, "exposure_date")) {
    return err.fail(
        "give one of --exposure-time (time from the origin to the exposure, blank = never) or "
        "--exposure-date (with --endpoint: the exposure's date)");
  }
  *option = by_time ? "exposure_time" : "exposure_date";
  if (!by_time) {
    if (!s.from_endpoint) return err.fail("--exposure-date needs --endpoint (the dates' origin)");
    const Column* c = optional_column(context.table(), r, "exposure_date", err);
    if (c && (c->type == ColumnType::number || c->type == ColumnType::integer)) {
      return err.fail("--exposure-date: column '" + c->name +
                      "' holds numbers, not dates (use --exposure-time for times)");
    }
  }
  return times_at(context, r, option->c_str(), s, out, err);
}

bool naive_groups(AnalysisContext& context, const json& r, const SurvivalInput& s, GroupCodes* out,
                  Errors& err) {
  std::vector<double> exposure;
  std::string option;
  if (!exposure_times(context, r, s, &exposure, &option, err)) return false;
  std::vector<int> code(exposure.size());
  for (size_t i = 0; i < exposure.size(); ++i) code[i] = std::isnan(exposure[i]) ? 0 : 1;
  *out = GroupCodes({"0", "1"}, std::move(code));
  return true;
}

bool split_exposure(AnalysisContext& context, const json& r, const SurvivalInput& s,
                    ExposureSplit* out, Errors& err) {
  const Table& t = context.table();
  std::vector<double> exposure;
  if (!exposure_times(context, r, s, &exposure, &out->option, err)) return false;
  // The subjects the split can take; the others go to the estimator as missing.
  TimedExposureInput in;
  std::vector<size_t> kept, left_out;
  int n_time_zero = 0;
  for (size_t i = 0; i < s.time.size(); ++i) {
    const bool usable = std::isfinite(s.time[i]) && s.status[i] != kMissingStatusCode;
    if (usable && s.time[i] > 0) {
      kept.push_back(i);
      in.time.push_back(s.time[i]);
      in.status.push_back(s.status[i]);
      in.exposure.push_back(exposure[i]);
    } else {
      if (usable && s.time[i] == 0) ++n_time_zero;
      left_out.push_back(i);
    }
  }
  const TimeSplitResult split = split_at_exposure(in);
  if (!split.status.ok()) {
    std::vector<size_t> rows(kept.size());
    for (size_t k = 0; k < kept.size(); ++k) rows[k] = s.rows[kept[k]];
    return err.fail(locate_error(t, rows, split.status));
  }
  const size_t n = split.row.size();
  size_t n_exposed = 0;  // subjects with exposed time (split, or exposed from the start)
  for (size_t k = 0; k < n; ++k) n_exposed += split.exposed[k] == 1 ? 1 : 0;
  out->start = split.start;
  out->stop = split.stop;
  out->status = split.event;
  out->exposed = split.exposed;
  out->rows.resize(n);
  for (size_t k = 0; k < n; ++k) out->rows[k] = s.rows[kept[static_cast<size_t>(split.row[k] - 1)]];
  for (size_t i : left_out) {
    out->start.push_back(0);
    out->stop.push_back(std::numeric_limits<double>::quiet_NaN());
    out->status.push_back(s.status[i]);
    out->exposed.push_back(0);
    out->rows.push_back(s.rows[i]);
  }
  json notes = json::array();
  for (const ExposureNote& note : split.notes) {
    const size_t k = kept[note.row - 1];
    notes.push_back({{"row", t.row_numbers[s.rows[k]]},
                     {"kind", to_string(note.kind)},
                     {"time", num(s.time[k])},
                     {"exposure", num(exposure[k])}});
  }
  out->summary = {
      {"option", out->option},  {"column", r[out->option]}, {"n_subjects", kept.size()},
      {"n_exposed", n_exposed}, {"n_split", split.n_split}, {"n_time_zero", n_time_zero},
      {"notes", notes}};
  return true;
}

bool grouped_input(AnalysisContext& context, const json& r, bool group_required, SurvivalInput* s,
                   GroupedInput* out, Errors& err) {
  const bool naive = r.contains("naive") && r["naive"].is_boolean() && r["naive"].get<bool>();
  if (!has_exposure(r)) {
    if (naive) return err.fail("--naive needs --exposure-time or --exposure-date");
    if (group_required && !r.contains("group")) {
      return err.fail("--group is required (a column name, or risk_group)");
    }
    out->time = s->time;
    out->status = s->status;
    return codes_at(context, r, "group", s->rows, &out->group, err) &&
           times_at(context, r, "entry", *s, &out->entry, err);
  }
  if (r.contains("group") || r.contains("entry")) {
    return err.fail(
        "--exposure-time/--exposure-date makes the groups (exposed or not): not with --group or "
        "--entry");
  }
  if (naive) {  // the biased comparison, grouped by ever exposed from time 0 (contrast only)
    out->time = s->time;
    out->status = s->status;
    out->exposure = {{"naive", true}, {"groups", {{"0", "never exposed"}, {"1", "ever exposed"}}}};
    return naive_groups(context, r, *s, &out->group, err);
  }
  ExposureSplit split;
  if (!split_exposure(context, r, *s, &split, err)) return false;
  out->time = std::move(split.stop);
  out->status = std::move(split.status);
  out->entry = std::move(split.start);
  out->group = GroupCodes({"0", "1"}, std::move(split.exposed));
  out->exposure = std::move(split.summary);
  s->rows = std::move(split.rows);
  return true;
}

}  // namespace infant_all::contract
