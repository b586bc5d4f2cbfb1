#include "infant_all/stats/kaplan_meier.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_data.h"
#include "timefix.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// R's survmean tolerance for "S reached 0.5": .Machine$double.eps^0.5.
const double kMedianTol = std::sqrt(std::numeric_limits<double>::epsilon());

// The error alone: a failed result carries none of what was computed before the error.
KmResult fail(Status status) {
  KmResult r;
  status.message = "kaplan_meier: " + status.message;
  r.status = std::move(status);
  return r;
}

// Pointwise interval for S from the SE of log S, as R's survfit_confint (logse = TRUE).
void conf_limits(KmConfType type, double s, double se, double z, double* lower, double* upper) {
  switch (type) {
    case KmConfType::none:
      *lower = *upper = kNaN;
      return;
    case KmConfType::plain: {
      const double w = se * s * z;  // 0 * Inf at S = 0 gives NaN, as in R
      const double lo = s - w, hi = s + w;
      *lower = std::isnan(lo) ? kNaN : std::max(lo, 0.0);
      *upper = std::isnan(hi) ? kNaN : std::min(hi, 1.0);
      return;
    }
    case KmConfType::log: {
      if (s == 0) {
        *lower = *upper = kNaN;
        return;
      }
      const double w = z * se;
      *lower = std::exp(std::log(s) - w);
      *upper = std::min(std::exp(std::log(s) + w), 1.0);
      return;
    }
    case KmConfType::log_log: {
      if (s == 0 || s == 1) {
        *lower = *upper = kNaN;
        return;
      }
      const double w = z * se / std::log(s);
      const double ll = std::log(-std::log(s));
      *lower = std::exp(-std::exp(ll - w));
      *upper = std::exp(-std::exp(ll + w));
      return;
    }
  }
}

// R's survmean "minmin": the first time y reaches 0.5 (within tolerance), or the midpoint of
// the stretch where y sits at 0.5 and the next time it drops below. NaN entries (NA limits)
// are skipped, as R's `keep` does.
double first_below_half(const std::vector<double>& y, const std::vector<double>& x) {
  const std::size_t n = y.size();
  std::size_t i = 0;
  while (i < n && !(y[i] < 0.5 + kMedianTol)) ++i;  // NaN fails the test and is skipped
  if (i == n) return kNaN;
  if (std::fabs(y[i] - 0.5) < kMedianTol) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (y[j] < y[i]) return (x[i] + x[j]) / 2;
    }
  }
  return x[i];
}

struct Band {
  std::vector<double> surv, std_err, lower, upper, cumhaz;
};

// Product-limit estimate and Greenwood variance over the rows of one curve.
Band estimate(const std::vector<int>& n_risk, const std::vector<int>& n_event, KmConfType type,
              double z) {
  const std::size_t m = n_risk.size();
  Band b;
  b.surv.resize(m);
  b.std_err.resize(m);
  b.lower.resize(m);
  b.upper.resize(m);
  b.cumhaz.resize(m);
  double s = 1, var = 0, h = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double n = n_risk[i], d = n_event[i];
    if (d > 0) {
      h += d / n;  // Nelson-Aalen, survfit's $cumhaz
      s *= (n - d) / n;
      var += d / (n * (n - d));  // +Inf once everyone at risk dies, as R
    }
    const double se = std::sqrt(var);
    b.surv[i] = s;
    b.cumhaz[i] = h;
    b.std_err[i] = se * s;  // 0 * Inf = NaN where S = 0, as R's summary prints
    conf_limits(type, s, se, z, &b.lower[i], &b.upper[i]);
  }
  return b;
}

// One group's rows in time order, collected in a single pass over the sorted data.
struct Tabulation {
  int n = 0;
  int events = 0;
  int seen = 0;  // rows with time < the current time (already passed)
  double cur = kNaN;
  int d = 0, c = 0;
  std::vector<double> time;
  std::vector<int> n_risk, n_event, n_censor;
  std::vector<double> entry;  // sorted, left truncation only
  std::size_t entered = 0;    // entries < current time

  void flush(bool truncated) {
    if (d + c == 0) return;
    if (truncated) {
      while (entered < entry.size() && entry[entered] < cur) ++entered;
      push(static_cast<int>(entered) - seen);
    } else {
      push(n - seen);
    }
  }
  // Closes the current time with at_risk rows at risk.
  void push(int at_risk) {
    time.push_back(cur);
    n_risk.push_back(at_risk);
    n_event.push_back(d);
    n_censor.push_back(c);
    seen += d + c;
    d = c = 0;
  }
};

void fill_at_times(const std::vector<double>& times, KmCurve* cv, const Band& b, bool no_limits) {
  const std::vector<double>& t = cv->time;
  const std::size_t m = t.size();
  if (m == 0) return;
  const double last = t[m - 1];
  int prev_ev = 0, prev_cen = 0;
  // prefix counts over rows with time <= x, advanced monotonically since `times` is sorted
  std::size_t k = 0;
  int cum_ev = 0, cum_cen = 0;
  for (double x : times) {
    if (!(x <= last)) continue;  // R's extend = FALSE drops later times (and +Inf)
    while (k < m && t[k] <= x) {
      cum_ev += cv->n_event[k];
      cum_cen += cv->n_censor[k];
      ++k;
    }
    KmAtTime a;
    a.time = x;
    // survfit0 prepends a time-0 row (S = 1, SE 0, limits 1) unless the curve starts at 0;
    // summary() then takes the last row at or before x, or the first row if there is none.
    std::size_t row = k;  // rows 0..k-1 are <= x
    if (row == 0 && t[0] != 0) {
      a.surv = 1;
      a.std_err = 0;
      a.lower = a.upper = no_limits ? kNaN : 1.0;
    } else {
      const std::size_t r = row == 0 ? 0 : row - 1;
      a.surv = b.surv[r];
      a.std_err = b.std_err[r];
      a.lower = b.lower[r];
      a.upper = b.upper[r];
    }
    // n.risk of the first row with time >= x
    const std::size_t j =
        static_cast<std::size_t>(std::lower_bound(t.begin(), t.end(), x) - t.begin());
    a.n_risk = j < m ? cv->n_risk[j] : 0;
    a.n_event = cum_ev - prev_ev;
    a.n_censor = cum_cen - prev_cen;
    prev_ev = cum_ev;
    prev_cen = cum_cen;
    cv->at_times.push_back(a);
  }
}

void fill_risk_table(const std::vector<double>& ticks, const Tabulation& tab, bool truncated,
                     KmCurve* cv) {
  const std::vector<double>& t = cv->time;
  const std::size_t m = t.size();
  std::size_t k = 0;   // rows with time <= tick
  std::size_t kl = 0;  // rows with time < tick
  int before = 0;      // subjects with time < tick
  int cum_ev = 0, cum_cen = 0, prev_ev = 0, prev_cen = 0;
  for (double x : ticks) {
    while (kl < m && t[kl] < x) {
      before += cv->n_event[kl] + cv->n_censor[kl];
      ++kl;
    }
    while (k < m && t[k] <= x) {
      cum_ev += cv->n_event[k];
      cum_cen += cv->n_censor[k];
      ++k;
    }
    KmRiskRow r;
    r.time = x;
    if (truncated) {
      // R's convention, as summary(fit, times = x)$n.risk: the number at risk of the first row
      // at or after x (with entries at 0, n at time 0, not the 0 that "entered before x" gives;
      // a subject entering between x and that row counts). After the last row, 0.
      const std::size_t j =
          static_cast<std::size_t>(std::lower_bound(t.begin(), t.end(), x) - t.begin());
      r.n_risk = j < m ? cv->n_risk[j] : 0;
    } else {
      r.n_risk = tab.n - before;  // the same number: no one enters late
    }
    r.cum_event = cum_ev;
    r.cum_censor = cum_cen;
    r.n_event = cum_ev - prev_ev;
    r.n_censor = cum_cen - prev_cen;
    prev_ev = cum_ev;
    prev_cen = cum_cen;
    cv->risk_table.push_back(r);
  }
}

// survmean's restricted mean over [0, tau] and its SE.
void fill_rmean(double tau, const Band& b, KmCurve* cv) {
  const std::vector<double>& t = cv->time;
  std::size_t m = 0;
  while (m < t.size() && t[m] <= tau) ++m;
  // rect[j]: area from row j-1 (or 0) to row j (or tau, for j = m)
  std::vector<double> rect(m + 1);
  double prev_t = 0, prev_s = 1;
  for (std::size_t j = 0; j < m; ++j) {
    rect[j] = (t[j] - prev_t) * prev_s;
    prev_t = t[j];
    prev_s = b.surv[j];
  }
  rect[m] = (tau - prev_t) * prev_s;
  double mean = 0;
  for (double r : rect) mean += r;
  double var = 0, tail = 0;  // tail = area from row i to tau
  for (std::size_t i = m; i-- > 0;) {
    tail += rect[i + 1];
    const double n = cv->n_risk[i], d = cv->n_event[i];
    const double h = (n - d == 0) ? 0 : d / (n * (n - d));
    var += tail * tail * h;
  }
  cv->rmean = mean;
  cv->rmean_se = std::sqrt(var);
  cv->rmean_tau = tau;
}

// survfit's timefix: aeqSurv on the used rows' sorted times t, together with their sorted entry
// times when there are any (Surv(entry, time) hands aeqSurv both columns as one set). Returns an
// error when a row's entry and time merge into one (R stops: "aeqSurv exception, an interval
// has effective length 0"), else "".
template <class Usable>
Status merge_near_ties_km(const KmInput& input, Usable usable, std::vector<double>* t,
                          std::vector<double>* entry_t) {
  if (entry_t->empty()) {
    detail::merge_near_ties(t->data(), t->data() + t->size());
    return Status{};
  }
  std::vector<double> all(t->size() + entry_t->size());
  std::merge(t->begin(), t->end(), entry_t->begin(), entry_t->end(), all.begin());
  std::vector<double> merged = all;
  if (!detail::merge_near_ties(merged.data(), merged.data() + merged.size())) return Status{};
  const auto snap = [&](double v) {
    return merged[static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), v) -
                                           all.begin())];
  };
  for (std::size_t i = 0; i < input.time.size(); ++i) {
    if (usable(i) && snap(input.entry[i]) == snap(input.time[i])) {
      const std::string row = "[" + std::to_string(i + 1) + "]";
      return Status::invalid("entry", i + 1,
                             "entry" + row + " (" + format_number(input.entry[i]) + ") and time" +
                                 row + " (" + format_number(input.time[i]) +
                                 ") differ by less than the timefix tolerance, leaving an "
                                 "interval of length 0 (R: aeqSurv exception)");
    }
  }
  for (double& v : *t) v = snap(v);
  for (double& v : *entry_t) v = snap(v);
  return Status{};
}

// ---- Prepare: checks, exclusions (survfit's model frame with na.omit), the used rows in time
// order with near ties merged (survfit's aeqSurv) - unless day bins will do both at once.

// The argument checks that need no row: lengths, the order's size, options, group codes.
Status check_arguments(const KmInput& input, const KmOptions& options) {
  const std::size_t n_rows = input.time.size();
  const auto length = [&](const char* name, std::size_t n) {
    return Status::invalid(name, 0,
                           std::string(name) + " has " + std::to_string(n) + " rows but time has " +
                               std::to_string(n_rows));
  };
  if (input.status.size() != n_rows) return length("status", input.status.size());
  if (Status bad = check_order(input.order.get(), n_rows, ""); !bad.ok()) return bad;
  if (!input.group.empty() && input.group.size() != n_rows) {
    return length("group", input.group.size());
  }
  if (!input.entry.empty() && input.entry.size() != n_rows) {
    return length("entry", input.entry.size());
  }
  if (n_rows == 0) return Status::invalid("time", 0, "time is empty");
  if (n_rows >= (std::size_t{1} << 31)) {
    return Status::invalid("time", 0, "time has more than 2^31 - 1 rows");
  }
  if (!(options.conf_level > 0 && options.conf_level < 1)) {
    return Status::invalid(
        "conf_level", 0,
        "conf_level must be between 0 and 1 (" + format_number(options.conf_level) + ")");
  }
  for (std::size_t i = 0; i < options.times.size(); ++i) {
    if (std::isnan(options.times[i])) {
      return Status::invalid("times", 0, "times[" + std::to_string(i + 1) + "] is NaN");
    }
  }
  for (std::size_t i = 0; i < options.risk_times.size(); ++i) {
    const double x = options.risk_times[i];
    if (!std::isfinite(x)) {
      return Status::invalid(
          "risk_times", 0,
          "risk_times[" + std::to_string(i + 1) + "] is not finite (" + format_number(x) + ")");
    }
  }
  const double tau = options.rmean_tau;
  if (!std::isnan(tau) && !(tau >= 0 && tau < kInf)) {
    return Status::invalid("rmean_tau", 0,
                           "rmean_tau must be finite and >= 0 (" + format_number(tau) + ")");
  }
  return check_codes(input.group, "group", "");
}

// The input with its group levels, and what the row scan learns: each group's counts (in its
// Tabulation), whether every used time (and entry) is a whole number, and the range of the used
// times and entries.
struct Prepared {
  const KmInput& input;
  bool grouped;
  bool truncated;
  // The levels some row has (a level no row has, e.g. of a subset, gets no curve).
  GroupCodes groups;
  std::size_t n_groups;
  std::size_t n_used = 0;
  std::vector<Tabulation> tab;
  bool whole = true;
  double t_min = kInf, t_max = -kInf;

  explicit Prepared(const KmInput& in)
      : input(in),
        grouped(!in.group.empty()),
        truncated(!in.entry.empty()),
        groups(grouped ? kept_codes(in.group, std::vector<char>(in.time.size(), 1)) : GroupCodes()),
        n_groups(grouped ? groups.levels.size() : 1),
        tab(n_groups) {}
  int group_of(std::size_t i) const { return grouped ? groups.code[i] : 0; }
  bool usable(std::size_t i) const {
    return !std::isnan(input.time[i]) && input.status[i] != kMissingStatus && group_of(i) >= 0 &&
           !(truncated && std::isnan(input.entry[i]));
  }
};

// Pass 1: checks every row, lists the rows with a missing value (survfit's na.omit), counts
// each group, and sees whether the times are small whole numbers (days).
Status scan_rows(Prepared* p, std::vector<int>* excluded_rows) {
  const KmInput& input = p->input;
  const std::size_t n_rows = input.time.size();
  bool whole = true;
  double t_min = kInf, t_max = -kInf;
  for (std::size_t i = 0; i < n_rows; ++i) {
    const double x = input.time[i];
    const int s = input.status[i];
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };  // built only on error
    if (x < 0) {
      return Status::invalid("time", i + 1,
                             "time" + row() + " is negative (" + format_number(x) + ")");
    }
    if (x == kInf) return Status::invalid("time", i + 1, "time" + row() + " is infinite");
    if (s != 0 && s != 1 && s != kMissingStatus) {
      return Status::invalid("status", i + 1,
                             "status" + row() + " is " + std::to_string(s) +
                                 "; expected 0 (censored) or 1 (event) - decode other codings "
                                 "with decode_event_status");
    }
    if (p->truncated && std::isinf(input.entry[i])) {
      return Status::invalid("entry", i + 1, "entry" + row() + " is infinite");
    }
    if (!p->usable(i)) {
      excluded_rows->push_back(static_cast<int>(i + 1));
      continue;
    }
    if (p->truncated && !(input.entry[i] < x)) {
      return Status::invalid("entry", i + 1,
                             "entry" + row() + " (" + format_number(input.entry[i]) +
                                 ") is not before time" + row() + " (" + format_number(x) + ")");
    }
    Tabulation& tg = p->tab[static_cast<std::size_t>(p->group_of(i))];
    ++tg.n;
    tg.events += s;
    whole = whole && x == std::floor(x);
    t_min = std::min(t_min, x);
    t_max = std::max(t_max, x);
    if (p->truncated) {
      const double e = input.entry[i];
      whole = whole && e == std::floor(e);
      t_min = std::min(t_min, e);
    }
  }
  p->whole = whole;
  p->t_min = t_min;
  p->t_max = t_max;
  p->n_used = n_rows - excluded_rows->size();
  if (p->n_used == 0) {
    return Status::invalid("", 0,
                           "no rows left after excluding " + std::to_string(excluded_rows->size()) +
                               " with a missing value");
  }
  return Status{};
}

// Whole-number times over a range not much wider than the data (days over a few years) can be
// counted straight into (group, day) bins, reading the bins in order being the sort; with left
// truncation the entries too. Whole numbers can only be near ties (timefix) when the mean
// magnitude is beyond 1 / tolerance.
bool fits_day_bins(const Prepared& p, const KmOptions& options) {
  const double span = p.t_max - p.t_min + 1;
  const double largest = std::max(std::fabs(p.t_min), std::fabs(p.t_max));
  return p.whole && !(options.timefix && largest * detail::kTimefixTol >= 1.0) &&
         span * static_cast<double>(p.n_groups) <= 2.0 * static_cast<double>(p.n_used) + 65536.0;
}

// The used rows in time order: time and (group << 1 | status), and with left truncation the
// entry times and their groups, in their own order.
struct SortedRows {
  std::vector<double> t;
  std::vector<std::uint32_t> payload;
  std::vector<double> entry_t;
  std::vector<std::uint32_t> entry_g;
};

// Sorts the used rows (radix sort), or walks the order supplied (input.order, no sort); with
// left truncation also the entries, sorted. Then timefix on the times, with the entries as
// Surv(entry, time) hands aeqSurv both.
Status sort_rows(const Prepared& p, const KmOptions& options, SortedRows* rows) {
  const KmInput& input = p.input;
  const bool truncated = p.truncated;
  const auto usable = [&](std::size_t i) { return p.usable(i); };
  std::vector<double>& t = rows->t;
  std::vector<std::uint32_t>& payload = rows->payload;
  t.reserve(p.n_used);
  payload.reserve(p.n_used);
  const auto pack = [&](std::size_t i) {
    t.push_back(input.time[i] + 0.0);  // -0 as +0, as sort_by_time returns it
    payload.push_back(static_cast<std::uint32_t>(p.group_of(i)) << 1 |
                      static_cast<std::uint32_t>(input.status[i]));
  };
  if (input.order) {  // the endpoint's shared order: its usable rows are already in order
    if (!walk_order(*input.order, input.time, p.n_used, usable, pack)) return order_mismatch("");
  }
  for (std::size_t i = 0; i < input.time.size() && (!input.order || truncated); ++i) {
    if (!usable(i)) continue;
    if (!input.order) pack(i);
    if (truncated) {
      rows->entry_t.push_back(input.entry[i]);
      rows->entry_g.push_back(static_cast<std::uint32_t>(p.group_of(i)));
    }
  }
  if (!input.order) sort_by_time(&t, &payload);
  if (truncated) sort_by_time(&rows->entry_t, &rows->entry_g);
  if (options.timefix) return merge_near_ties_km(input, usable, &t, &rows->entry_t);
  return Status{};
}

// ---- Kernel: each group's distinct-time table of n.risk, n.event, n.censor (survfitKM's
// counting pass; the product-limit arithmetic is left to the summary).

// Fast path: counts into (group, day) bins, then reads each group's bins in order. With left
// truncation the entries get bins of their own: at risk on a day are the rows that entered on
// an earlier day less those that left on an earlier day.
void tabulate_days(Prepared* p) {
  const KmInput& input = p->input;
  const std::size_t width = static_cast<std::size_t>(p->t_max - p->t_min + 1);
  const std::size_t per_group = p->truncated ? 3 : 2;  // events, censorings (, entries)
  std::vector<int> bins(per_group * width * p->n_groups, 0);
  for (std::size_t i = 0; i < input.time.size(); ++i) {
    if (!p->usable(i)) continue;
    const std::size_t g = static_cast<std::size_t>(p->group_of(i));
    const std::size_t b = static_cast<std::size_t>(input.time[i] - p->t_min);
    ++bins[(per_group * g + (input.status[i] == 1 ? 0 : 1)) * width + b];
    if (p->truncated) {
      ++bins[(per_group * g + 2) * width + static_cast<std::size_t>(input.entry[i] - p->t_min)];
    }
  }
  for (std::size_t g = 0; g < p->n_groups; ++g) {
    Tabulation& tg = p->tab[g];
    const int* ev = &bins[per_group * g * width];
    const int* ce = ev + width;
    const int* en = ce + width;
    int entered = 0;  // entries on days before b
    for (std::size_t b = 0; b < width; ++b) {
      if (ev[b] + ce[b] > 0) {
        tg.cur = p->t_min + static_cast<double>(b);
        tg.d = ev[b];
        tg.c = ce[b];
        tg.push(p->truncated ? entered - tg.seen : tg.n - tg.seen);
      }
      if (p->truncated) entered += en[b];
    }
  }
}

// General path: every group's rows arrive in time order, so all distinct-time tables are built
// in one pass, a row with a new time closing its group's previous time. Takes the rows by value
// so they are freed before the summaries.
void tabulate_sorted(SortedRows rows, Prepared* p) {
  const std::vector<double>& t = rows.t;
  const std::vector<std::uint32_t>& payload = rows.payload;
  const std::vector<double>& entry_t = rows.entry_t;
  const std::vector<std::uint32_t>& entry_g = rows.entry_g;
  const bool truncated = p->truncated;
  std::vector<Tabulation>& tab = p->tab;
  if (truncated) {
    for (Tabulation& tg : tab) tg.entry.reserve(static_cast<std::size_t>(tg.n));
    for (std::size_t i = 0; i < entry_t.size(); ++i) tab[entry_g[i]].entry.push_back(entry_t[i]);
  }
  for (std::size_t i = 0; i < t.size(); ++i) {
    Tabulation& tg = tab[payload[i] >> 1];
    if (t[i] != tg.cur) {
      tg.flush(truncated);
      tg.cur = t[i];
    }
    if (payload[i] & 1u) {
      ++tg.d;
    } else {
      ++tg.c;
    }
  }
  for (Tabulation& tg : tab) tg.flush(truncated);
}

// ---- Summarise: one curve's intervals, medians, summary rows, restricted mean.

// What every curve's summary shares: z, and the requested times and ticks, sorted.
struct SummaryPlan {
  double z;
  bool no_limits;
  std::vector<double> times;
  std::vector<double> ticks;
};

SummaryPlan plan_summary(const KmOptions& options) {
  SummaryPlan s{norm_two_sided_z(options.conf_level), options.conf_type == KmConfType::none,
                options.times, options.risk_times};
  std::sort(s.times.begin(), s.times.end());
  std::sort(s.ticks.begin(), s.ticks.end());
  return s;
}

// The curve of one group's table: product-limit estimate and band (survfitKM with
// survfit_confint), medians and restricted mean (survmean), summary(fit, times) rows, the
// number-at-risk table, and the reverse-KM median follow-up.
KmCurve summarise_curve(std::string group, Tabulation& tg, bool truncated, const KmOptions& options,
                        const SummaryPlan& plan) {
  KmCurve cv;
  cv.group = std::move(group);
  cv.n = tg.n;
  cv.events = tg.events;
  cv.time = std::move(tg.time);
  cv.n_risk = std::move(tg.n_risk);
  cv.n_event = std::move(tg.n_event);
  cv.n_censor = std::move(tg.n_censor);
  Band b = estimate(cv.n_risk, cv.n_event, options.conf_type, plan.z);
  if (!plan.no_limits) {
    cv.median_lower = first_below_half(b.lower, cv.time);
    cv.median_upper = first_below_half(b.upper, cv.time);
  }
  cv.median = first_below_half(b.surv, cv.time);
  fill_at_times(plan.times, &cv, b, plan.no_limits);
  fill_risk_table(plan.ticks, tg, truncated, &cv);
  if (!std::isnan(options.rmean_tau)) fill_rmean(options.rmean_tau, b, &cv);
  if (options.reverse) {
    // Censoring as the event on the same rows: survfit(Surv(time, 1 - status)).
    const Band r = estimate(cv.n_risk, cv.n_censor, options.conf_type, plan.z);
    cv.median_followup = first_below_half(r.surv, cv.time);
    if (!plan.no_limits) {
      cv.median_followup_lower = first_below_half(r.lower, cv.time);
      cv.median_followup_upper = first_below_half(r.upper, cv.time);
    }
  }
  cv.surv = std::move(b.surv);
  cv.std_err = std::move(b.std_err);
  cv.lower = std::move(b.lower);
  cv.upper = std::move(b.upper);
  cv.cumhaz = std::move(b.cumhaz);
  return cv;
}

}  // namespace

const char* to_string(KmConfType type) {
  switch (type) {
    case KmConfType::log:
      return "log";
    case KmConfType::log_log:
      return "log-log";
    case KmConfType::plain:
      return "plain";
    case KmConfType::none:
      return "none";
  }
  return "log";
}

bool parse_km_conf_type(const std::string& text, KmConfType* out) {
  if (text == "log") {
    *out = KmConfType::log;
  } else if (text == "log-log" || text == "log_log") {
    *out = KmConfType::log_log;
  } else if (text == "plain") {
    *out = KmConfType::plain;
  } else if (text == "none") {
    *out = KmConfType::none;
  } else {
    return false;
  }
  return true;
}

DecodedEventStatus decode_event_status(const std::vector<double>& raw,
                                       std::optional<double> event_value) {
  DecodedEventStatus out;
  out.event.assign(raw.size(), kMissingStatus);
  if (event_value) {
    if (std::isnan(*event_value)) {
      out.status = Status::invalid("event_value", 0, "decode_event_status: event_value is NaN");
      out.event.clear();
      return out;
    }
    out.coding = "event_value";
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (!std::isnan(raw[i])) out.event[i] = raw[i] == *event_value ? 1 : 0;
    }
    return out;
  }
  // R's Surv: a maximum of 2 means 1/2 coding; otherwise the values must be 0/1.
  bool has_two = false;
  for (double v : raw) has_two = has_two || v == 2;
  const double lo = has_two ? 1 : 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const double v = raw[i];
    if (std::isnan(v)) continue;
    if (v != lo && v != lo + 1) {
      out.event.clear();
      out.status = Status::invalid(
          "status", i + 1,
          "decode_event_status: status[" + std::to_string(i + 1) + "] is " + format_number(v) +
              (has_two
                   ? "; the column has a 2, so R's 1/2 coding applies and only 1 and 2 are valid"
                   : "; expected 0/1 or 1/2 coding (or give the event value)"));
      return out;
    }
    out.event[i] = v == lo ? 0 : 1;
  }
  out.coding = has_two ? "1/2" : "0/1";
  return out;
}

KmResult kaplan_meier(const KmInput& input, const KmOptions& options) {
  // Prepare: argument checks, then the row scan with its exclusions (survfit's na.omit).
  if (Status bad = check_arguments(input, options); !bad.ok()) return fail(std::move(bad));
  KmResult result;
  result.conf_type = options.conf_type;
  result.conf_level = options.conf_level;
  Prepared p(input);
  if (Status bad = scan_rows(&p, &result.excluded_rows); !bad.ok()) return fail(std::move(bad));
  result.n_excluded = static_cast<int>(result.excluded_rows.size());
  // Prepare: the rows in time order with near ties merged (survfit's aeqSurv), unless day bins
  // will order them.
  const bool day_bins = fits_day_bins(p, options);
  SortedRows rows;
  if (!day_bins) {
    if (Status bad = sort_rows(p, options, &rows); !bad.ok()) return fail(std::move(bad));
  }
  // Kernel: each group's distinct-time table (survfitKM's counting pass).
  if (day_bins) {
    tabulate_days(&p);
  } else {
    tabulate_sorted(std::move(rows), &p);
  }
  // Summarise: each curve (survfitKM's product limit, survfit_confint, survmean, summary).
  const SummaryPlan plan = plan_summary(options);
  for (std::size_t g = 0; g < p.n_groups; ++g) {
    if (p.tab[g].n == 0) continue;  // a level seen only on excluded rows is not a curve
    std::string label = p.grouped ? p.groups.levels[g] : "all";
    result.curves.push_back(
        summarise_curve(std::move(label), p.tab[g], p.truncated, options, plan));
  }
  return result;
}

}  // namespace infant_all
