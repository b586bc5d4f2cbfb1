// The one-sample log-rank test against a reference curve (reference_log_rank.h).
#include "infant_all/stats/reference_log_rank.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/kaplan_meier.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Status check_reference(const ReferenceCurve& ref) {
  const std::string fn = "reference_log_rank: ";
  if (ref.time.empty() || ref.time.size() != ref.surv.size()) {
    return Status::invalid("reference", 0,
                           fn + "the reference needs at least one (time, survival) point and "
                                "as many survivals as times");
  }
  for (std::size_t k = 0; k < ref.time.size(); ++k) {
    const double t = ref.time[k], s = ref.surv[k];
    const std::string at = "reference point " + std::to_string(k + 1) + " (time " +
                           format_number(t) + ", survival " + format_number(s) + ")";
    if (!std::isfinite(t) || t < 0 || (k > 0 && !(t > ref.time[k - 1]))) {
      return Status::invalid("reference", k + 1,
                             fn + at + ": times must be finite, >= 0 and increasing");
    }
    if (!(s > 0 && s <= 1) || (k > 0 && s > ref.surv[k - 1]) || (t == 0 && s != 1)) {
      return Status::invalid(
          "reference", k + 1,
          fn + at + ": survival must be in (0, 1], not increasing, and 1 at time 0");
    }
  }
  return Status{};
}

// Lambda_ref(t) for 0 <= t <= the last reference time: -log S interpolated linearly from (0, 0).
double cumulative_hazard(const ReferenceCurve& ref, double t) {
  double t0 = 0, h0 = 0;
  for (std::size_t k = 0; k < ref.time.size(); ++k) {
    const double t1 = ref.time[k], h1 = -std::log(ref.surv[k]);
    if (t <= t1) return t1 == t0 ? h1 : h0 + (h1 - h0) * (t - t0) / (t1 - t0);
    t0 = t1;
    h0 = h1;
  }
  return h0;
}

Status check_row(const ReferenceLogRankInput& in, std::size_t i) {
  const std::string row = "[" + std::to_string(i + 1) + "]";
  if (in.time[i] < 0 || std::isinf(in.time[i])) {
    return Status::invalid("time", i + 1,
                           "reference_log_rank: time" + row + " must be finite and >= 0 (" +
                               format_number(in.time[i]) + ")");
  }
  const int s = in.status[i];
  if (s != 0 && s != 1 && s != ReferenceLogRankInput::kMissingStatus) {
    return Status::invalid("status", i + 1,
                           "reference_log_rank: status" + row + " is " + std::to_string(s) +
                               "; expected 0 (censored) or 1 (event)");
  }
  return Status{};
}

// The cohort's Kaplan-Meier against S_ref at each milestone.
void fill_milestones(const ReferenceLogRankInput& in, double conf_level,
                     ReferenceLogRankResult* res) {
  KmInput km;
  km.time = in.time;
  km.status = in.status;
  KmOptions opt;
  opt.conf_level = conf_level;
  opt.times = in.milestones;
  std::sort(opt.times.begin(), opt.times.end());
  const KmResult fit = kaplan_meier(km, opt);
  const std::vector<KmAtTime>& at = fit.curves.front().at_times;
  for (const double t : in.milestones) {
    ReferenceMilestone m;
    m.time = t;
    const auto hit =
        std::find_if(at.begin(), at.end(), [&](const KmAtTime& a) { return a.time == t; });
    if (hit == at.end()) {
      m.surv = m.std_err = m.lower = m.upper = kNaN;
      m.note = "after the cohort's last follow-up time";
    } else {
      m.surv = hit->surv;
      m.std_err = hit->std_err;
      m.lower = hit->lower;
      m.upper = hit->upper;
      m.n_risk = hit->n_risk;
    }
    if (t > res->horizon) {
      m.reference = kNaN;
      m.note += std::string(m.note.empty() ? "" : "; ") + "after the reference's last time";
    } else {
      m.reference = std::exp(-cumulative_hazard(in.reference, t));
    }
    res->milestones.push_back(m);
  }
}

}  // namespace

ReferenceLogRankResult reference_log_rank(const ReferenceLogRankInput& in, double conf_level) {
  ReferenceLogRankResult res;
  const std::string fn = "reference_log_rank: ";
  if (in.status.size() != in.time.size()) {
    res.status = Status::invalid("status", 0,
                                 fn + "status has " + std::to_string(in.status.size()) +
                                     " rows but time has " + std::to_string(in.time.size()));
    return res;
  }
  if (Status bad = check_reference(in.reference); !bad.ok()) {
    res.status = bad;
    return res;
  }
  for (const double t : in.milestones) {
    if (!std::isfinite(t) || t < 0) {
      res.status = Status::invalid(
          "milestones", 0, fn + "milestones must be finite and >= 0 (" + format_number(t) + ")");
      return res;
    }
  }
  res.horizon = in.reference.time.back();
  for (std::size_t i = 0; i < in.time.size(); ++i) {
    if (Status bad = check_row(in, i); !bad.ok()) {
      res.status = bad;
      return res;
    }
    if (std::isnan(in.time[i]) || in.status[i] == ReferenceLogRankInput::kMissingStatus) {
      res.excluded_rows.push_back(static_cast<int>(i + 1));
      continue;
    }
    ++res.n;
    const bool beyond = in.time[i] > res.horizon;
    res.n_cut += beyond ? 1 : 0;
    res.obs += (in.status[i] == 1 && !beyond) ? 1 : 0;
    res.exp += cumulative_hazard(in.reference, std::min(in.time[i], res.horizon));
  }
  res.n_excluded = static_cast<int>(res.excluded_rows.size());
  if (res.n == 0) {
    res.status =
        Status::invalid("", 0, fn + "no rows left after excluding those with a missing value");
    return res;
  }
  res.chisq = res.exp > 0 ? (res.obs - res.exp) * (res.obs - res.exp) / res.exp : kNaN;
  res.p = chisq_upper(res.chisq, 1);
  res.ratio = res.exp > 0 ? res.obs / res.exp : kNaN;
  if (!in.milestones.empty()) fill_milestones(in, conf_level, &res);
  return res;
}

}  // namespace infant_all
