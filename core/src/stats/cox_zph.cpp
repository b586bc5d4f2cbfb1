#include "infant_all/stats/cox_zph.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <utility>

#include "cox_counting.h"
#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/model_matrix.h"
#include "infant_all/stats/survival_data.h"
#include "timefix.h"

namespace infant_all {

const char* to_string(ZphTransform transform) {
  switch (transform) {
    case ZphTransform::identity:
      return "identity";
    case ZphTransform::rank:
      return "rank";
    case ZphTransform::log:
      return "log";
    default:
      return "km";
  }
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Small dense algebra ------------------------------------------------------------------

// Solves a x = b (a: n x n row-major, copied) by LU with partial pivoting, as R's solve() does
// (LAPACK dgesv). False when a pivot is negligible against the largest (R: "system is
// computationally singular").
bool lu_solve(std::vector<double> a, std::size_t n, std::vector<double>& b) {
  double biggest = 0;
  for (double v : a) biggest = std::max(biggest, std::fabs(v));
  const double tiny = biggest * static_cast<double>(n) * std::numeric_limits<double>::epsilon();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[piv * n + c])) piv = r;
    }
    if (!(std::fabs(a[piv * n + c]) > tiny)) return false;
    if (piv != c) {
      for (std::size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[piv * n + k]);
      std::swap(b[c], b[piv]);
    }
    for (std::size_t r = c + 1; r < n; ++r) {
      const double l = a[r * n + c] / a[c * n + c];
      if (l == 0) continue;
      for (std::size_t k = c; k < n; ++k) a[r * n + k] -= l * a[c * n + k];
      b[r] -= l * b[c];
    }
  }
  for (std::size_t c = n; c-- > 0;) {
    double v = b[c];
    for (std::size_t k = c + 1; k < n; ++k) v -= a[c * n + k] * b[k];
    b[c] = v / a[c * n + c];
  }
  return true;
}

// The inverse of a (n x n row-major) column by column; false when singular.
bool lu_inverse(const std::vector<double>& a, std::size_t n, std::vector<double>& inv) {
  inv.assign(n * n, 0.0);
  std::vector<double> e(n);
  for (std::size_t c = 0; c < n; ++c) {
    std::fill(e.begin(), e.end(), 0.0);
    e[c] = 1;
    if (!lu_solve(a, n, e)) return false;
    for (std::size_t r = 0; r < n; ++r) inv[r * n + c] = e[r];
  }
  return true;
}

// ---- The fit's rows -------------------------------------------------------------------------

// The rows cox_ph used, rebuilt from its input: the same exclusions, the same timefix merge.
struct ZphRows {
  ModelMatrix mm;             // kept rows in input order
  std::vector<double> time;   // per kept row, merged
  std::vector<double> entry;  // per kept row, merged; empty: right-censored data
  std::vector<char> event;    // per kept row
  std::vector<int> stratum;   // per kept row, code among the kept levels (0 without strata)
  std::vector<std::string> stratum_levels;
  int n_strata = 1;
};

// Missing time, status, stratum or entry: the rows cox_ph leaves out (its checks have run).
std::vector<char> missing_rows(const CoxInput& in) {
  std::vector<char> missing(in.time.size(), 0);
  for (std::size_t i = 0; i < missing.size(); ++i) {
    missing[i] = static_cast<char>(std::isnan(in.time[i]) || in.status[i] == kCoxStatusMissing ||
                                   (!in.strata.empty() && in.strata.code[i] < 0) ||
                                   (!in.entry.empty() && std::isnan(in.entry[i])));
  }
  return missing;
}

Status check_fit(const CoxInput& in, const CoxResult& fit, const std::string& fn) {
  const StatusCode c = fit.status.code;
  if (c == StatusCode::invalid_argument || c == StatusCode::not_implemented || fit.terms.empty()) {
    return Status::invalid("fit", 0, fn + "the fit has no estimates (" + fit.status.message + ")");
  }
  const std::size_t n = in.time.size();
  bool lengths = in.status.size() == n && (in.strata.empty() || in.strata.size() == n) &&
                 (in.entry.empty() || in.entry.size() == n);
  for (const Covariate& cov : in.covariates) {
    lengths = lengths && (cov.is_interaction() || cov.size() == n);
  }
  if (!lengths) return Status::invalid("input", 0, fn + "input columns differ in length");
  return Status{};
}

Status zph_rows(const CoxInput& in, const CoxResult& fit, bool timefix, const std::string& fn,
                ZphRows& z) {
  if (Status bad = check_fit(in, fit, fn); !bad.ok()) return bad;
  const std::vector<char> missing = missing_rows(in);
  z.mm = model_matrix(in.covariates, missing);
  const std::vector<std::size_t>& kept = z.mm.kept_rows;
  if (!z.mm.status.ok() || static_cast<int>(kept.size()) != fit.n ||
      z.mm.excluded_rows != fit.excluded_rows || z.mm.columns.size() != fit.terms.size()) {
    return Status::invalid("fit", 0,
                           fn + "fit is not cox_ph's fit of this input (rows or terms "
                                "differ)");
  }
  const std::size_t n = kept.size();
  z.event.resize(n);
  for (std::size_t k = 0; k < n; ++k) z.event[k] = static_cast<char>(in.status[kept[k]] == 1);
  if (in.entry.empty()) {
    std::vector<std::size_t> by_time(n);
    std::iota(by_time.begin(), by_time.end(), std::size_t{0});
    std::stable_sort(by_time.begin(), by_time.end(), [&](std::size_t a, std::size_t b) {
      return in.time[kept[a]] < in.time[kept[b]];
    });
    std::vector<double> sorted(n);
    for (std::size_t r = 0; r < n; ++r) sorted[r] = in.time[kept[by_time[r]]];
    if (timefix) detail::merge_near_ties(sorted.data(), sorted.data() + n);
    z.time.resize(n);
    for (std::size_t r = 0; r < n; ++r) z.time[by_time[r]] = sorted[r];
  } else {
    std::vector<double> merged;
    if (Status bad =
            detail::merge_counting_times(in.time, in.entry, kept, timefix, fn, merged, z.entry);
        !bad.ok()) {
      return bad;
    }
    z.time.resize(n);
    for (std::size_t k = 0; k < n; ++k) z.time[k] = merged[kept[k]];
  }
  z.stratum.assign(n, 0);
  if (!in.strata.empty()) {
    std::vector<char> keep(in.time.size(), 0);
    for (std::size_t i : kept) keep[i] = 1;
    const GroupCodes k = kept_codes(in.strata, keep);
    for (std::size_t r = 0; r < n; ++r) z.stratum[r] = k.code[kept[r]];
    z.stratum_levels = k.levels;
    z.n_strata = static_cast<int>(k.levels.size());
  }
  return Status{};
}

// ---- g(t): the transformed times ------------------------------------------------------------

// 1 - S(t-) per row, S the Kaplan-Meier estimate over all rows (strata ignored), at risk at s
// when entry < s <= time: cox.zph's survfitKM(factor(rep(1, n)), y) read just before each time.
std::vector<double> km_transform(const ZphRows& z) {
  const std::size_t n = z.time.size();
  std::vector<double> stops = z.time, starts = z.entry, event_times;
  for (std::size_t k = 0; k < n; ++k) {
    if (z.event[k]) event_times.push_back(z.time[k]);
  }
  std::sort(stops.begin(), stops.end());
  std::sort(starts.begin(), starts.end());
  std::sort(event_times.begin(), event_times.end());
  std::vector<double> at, surv;  // distinct event times and S just after each
  double s = 1;
  for (std::size_t i = 0; i < event_times.size();) {
    const double t = event_times[i];
    std::size_t j = i;
    while (j < event_times.size() && event_times[j] == t) ++j;
    const auto stop_ge = stops.end() - std::lower_bound(stops.begin(), stops.end(), t);
    const auto start_ge = starts.end() - std::lower_bound(starts.begin(), starts.end(), t);
    const double n_risk = static_cast<double>(stop_ge - start_ge);
    s *= 1 - static_cast<double>(j - i) / n_risk;
    at.push_back(t);
    surv.push_back(s);
    i = j;
  }
  std::vector<double> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t before =
        static_cast<std::size_t>(std::lower_bound(at.begin(), at.end(), z.time[k]) - at.begin());
    out[k] = 1 - (before == 0 ? 1.0 : surv[before - 1]);
  }
  return out;
}

// Average ranks of the times of all rows, as rank(times).
std::vector<double> rank_transform(const std::vector<double>& time) {
  const std::size_t n = time.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(),
            [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && time[idx[j]] == time[idx[i]]) ++j;
    const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) out[idx[k]] = avg;
    i = j;
  }
  return out;
}

Status transform_times(const ZphRows& z, ZphTransform transform, const std::string& fn,
                       std::vector<double>& tt) {
  switch (transform) {
    case ZphTransform::identity:
      tt = z.time;
      break;
    case ZphTransform::rank:
      tt = rank_transform(z.time);
      break;
    case ZphTransform::log:
      for (std::size_t k = 0; k < z.time.size(); ++k) {
        if (z.event[k] && !(z.time[k] > 0)) {
          return Status::invalid("transform", 0,
                                 fn + "transform log needs event times > 0 (an event at time " +
                                     format_number(z.time[k]) + ")");
        }
      }
      tt.resize(z.time.size());
      for (std::size_t k = 0; k < z.time.size(); ++k) tt[k] = std::log(z.time[k]);
      break;
    default:
      tt = km_transform(z);
  }
  return Status{};
}

// ---- The score and information of the extended model (zph1.c / zph2.c) -------------------

struct ZphScores {
  std::vector<double> u;                // 2p: beta block (0 at the fit), then theta block
  std::vector<double> imat;             // 2p x 2p row-major
  std::vector<double> schoen;           // events x p row-major, in R's event order
  std::vector<std::size_t> event_rows;  // kept row of each event, same order
  std::vector<int> used;                // n_strata x p: events of the stratum, 0 if x constant
};

// Risk-set sums over the rows at risk (a, cmat, denom) and over the deaths of the current time
// (a2, cmat2, denom2), on x centred on its overall mean (zph1.c does so for stability).
class ZphSweep {
 public:
  ZphSweep(const std::vector<double>& x, const std::vector<double>& risk, std::size_t p,
           ZphScores& out)
      : x_(x), risk_(risk), p_(p), out_(out), a_(p), a2_(p), mean_(p), cmat_(p * p), cmat2_(p * p) {
    out_.u.assign(2 * p, 0.0);
    out_.imat.assign(4 * p * p, 0.0);
  }

  void reset() {
    denom_ = 0;
    n_risk_ = 0;
    std::fill(a_.begin(), a_.end(), 0.0);
    std::fill(cmat_.begin(), cmat_.end(), 0.0);
  }

  // Row k joins the risk set (death: into the tied deaths' sums, and the score).
  void add(std::size_t k, bool death, double g) {
    const double* xk = &x_[k * p_];
    const double r = risk_[k];
    ++n_risk_;
    if (death) {
      denom2_ += r;
      for (std::size_t i = 0; i < p_; ++i) {
        out_.u[i] += xk[i];
        out_.u[p_ + i] += g * xk[i];
      }
    } else {
      denom_ += r;
    }
    accumulate(r, xk, death ? a2_ : a_, death ? cmat2_ : cmat_);
  }

  // Row k leaves (counting-process data: its entry >= the current time).
  void remove(std::size_t k) {
    if (--n_risk_ == 0) return reset();
    denom_ -= risk_[k];
    accumulate(-risk_[k], &x_[k * p_], a_, cmat_);
  }

  // The d deaths of the current time: their terms of u and imat, and the mean their Schoenfeld
  // residuals subtract (written to mean()). Breslow, or a single death: one step with all
  // deaths in. Efron: d steps, the k-th with k/d of the deaths' risk.
  void deaths(int d, bool efron, double g) {
    const std::size_t p = p_;
    const int steps = efron ? d : 1;
    const double frac = 1.0 / steps, wt = static_cast<double>(d) / steps;
    std::fill(mean_.begin(), mean_.end(), 0.0);
    for (int s = 1; s <= steps; ++s) {  // Efron's mean of the step means, from the sums before
      const double f = static_cast<double>(s) / steps;
      for (std::size_t i = 0; i < p; ++i) {
        mean_[i] += (a_[i] + a2_[i] * f) / (denom_ + denom2_ * f) / steps;
      }
    }
    for (int s = 0; s < steps; ++s) {
      denom_ += denom2_ * frac;
      for (std::size_t i = 0; i < p; ++i) a_[i] += a2_[i] * frac;
      for (std::size_t i = 0; i < p * p; ++i) cmat_[i] += cmat2_[i] * frac;
      for (std::size_t i = 0; i < p; ++i) {
        const double m = a_[i] / denom_;
        out_.u[i] -= wt * m;
        out_.u[p + i] -= g * wt * m;
        for (std::size_t j = 0; j < p; ++j) {
          const double v = wt * (cmat_[i * p + j] - m * a_[j]) / denom_;
          out_.imat[i * 2 * p + j] += v;
          out_.imat[i * 2 * p + p + j] += g * v;
          out_.imat[(p + i) * 2 * p + j] += g * v;
          out_.imat[(p + i) * 2 * p + p + j] += g * g * v;
        }
      }
    }
    denom2_ = 0;
    std::fill(a2_.begin(), a2_.end(), 0.0);
    std::fill(cmat2_.begin(), cmat2_.end(), 0.0);
  }

  const std::vector<double>& mean() const { return mean_; }

 private:
  void accumulate(double r, const double* xk, std::vector<double>& a, std::vector<double>& cm) {
    for (std::size_t i = 0; i < p_; ++i) {
      a[i] += r * xk[i];
      for (std::size_t j = 0; j < p_; ++j) cm[i * p_ + j] += r * xk[i] * xk[j];
    }
  }

  const std::vector<double>& x_;
  const std::vector<double>& risk_;
  std::size_t p_;
  ZphScores& out_;
  std::vector<double> a_, a2_, mean_, cmat_, cmat2_;
  double denom_ = 0, denom2_ = 0;
  std::size_t n_risk_ = 0;
};

// Kept rows by (stratum, time); ties by row, reversed for entry data (R's rev(order(-s, -t))).
std::vector<std::size_t> sorted_rows(const ZphRows& z) {
  std::vector<std::size_t> order(z.time.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const bool counting = !z.entry.empty();
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (z.stratum[a] != z.stratum[b]) return z.stratum[a] < z.stratum[b];
    if (z.time[a] != z.time[b]) return z.time[a] < z.time[b];
    return counting ? a > b : a < b;
  });
  return order;
}

// Per stratum and column: the stratum's events when the column varies within it, else 0.
std::vector<int> used_counts(const ZphRows& z, const std::vector<std::size_t>& order) {
  const std::size_t p = z.mm.columns.size(), ns = static_cast<std::size_t>(z.n_strata);
  std::vector<int> events(ns, 0), used(ns * p, 0);
  std::vector<char> varies(ns * p, 0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t k = order[r], s = static_cast<std::size_t>(z.stratum[k]);
    events[s] += z.event[k];
    if (r == 0 || z.stratum[order[r - 1]] != z.stratum[k]) continue;
    for (std::size_t j = 0; j < p; ++j) {
      varies[s * p + j] |= static_cast<char>(z.mm.columns[j][k] != z.mm.columns[j][order[r - 1]]);
    }
  }
  for (std::size_t i = 0; i < ns * p; ++i) used[i] = varies[i] ? events[i / p] : 0;
  return used;
}

// One backward pass over tied-time groups within each stratum: rows whose entry >= t leave
// first (entry data), the group's rows join, then its deaths are scored.
ZphScores zph_scores(const ZphRows& z, const std::vector<std::size_t>& cols,
                     const std::vector<double>& coef, const std::vector<double>& gt, bool efron) {
  const std::size_t n = z.time.size(), p = cols.size();
  std::vector<double> x(n * p), risk(n, 0.0);
  for (std::size_t j = 0; j < p; ++j) {
    const std::vector<double>& col = z.mm.columns[cols[j]];
    const double mean = std::accumulate(col.begin(), col.end(), 0.0) / static_cast<double>(n);
    for (std::size_t k = 0; k < n; ++k) x[k * p + j] = col[k] - mean;
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < p; ++j) risk[k] += x[k * p + j] * coef[j];
  }
  for (double& r : risk) r = std::exp(r);
  const std::vector<std::size_t> order = sorted_rows(z);
  std::vector<std::size_t> exits;  // entry data: by stratum, entry descending
  if (!z.entry.empty()) {
    exits = order;
    std::stable_sort(exits.begin(), exits.end(), [&](std::size_t a, std::size_t b) {
      return z.stratum[a] != z.stratum[b] ? z.stratum[a] < z.stratum[b] : z.entry[a] > z.entry[b];
    });
  }
  ZphScores out;
  out.used = used_counts(z, order);
  std::vector<std::size_t> event_pos(n, 0);  // sorted position -> index among the events
  for (std::size_t r = 0; r < n; ++r) {
    if (z.event[order[r]]) {
      event_pos[r] = out.event_rows.size();
      out.event_rows.push_back(order[r]);
    }
  }
  out.schoen.assign(out.event_rows.size() * p, 0.0);
  ZphSweep sweep(x, risk, p, out);
  int current = -1;
  std::size_t next_exit = 0;
  for (std::size_t end = n; end > 0;) {
    const std::size_t last = order[end - 1];
    const int s = z.stratum[last];
    const double t = z.time[last];
    std::size_t begin = end;
    while (begin > 0 && z.stratum[order[begin - 1]] == s && z.time[order[begin - 1]] == t) --begin;
    if (s != current) {
      sweep.reset();
      current = s;
      next_exit = 0;
      while (next_exit < exits.size() && z.stratum[exits[next_exit]] < s) ++next_exit;
    }
    for (; next_exit < exits.size() && z.stratum[exits[next_exit]] == s &&
           z.entry[exits[next_exit]] >= t;
         ++next_exit) {
      sweep.remove(exits[next_exit]);
    }
    int d = 0;
    for (std::size_t r = begin; r < end; ++r) {
      d += z.event[order[r]];
      sweep.add(order[r], z.event[order[r]] != 0, gt[last]);
    }
    if (d > 0) {
      sweep.deaths(d, efron, gt[last]);
      for (std::size_t r = begin; r < end; ++r) {
        if (!z.event[order[r]]) continue;
        double* row = &out.schoen[event_pos[r] * p];
        for (std::size_t j = 0; j < p; ++j) row[j] = x[order[r] * p + j] - sweep.mean()[j];
      }
    }
    end = begin;
  }
  return out;
}

// ---- The table and the scaled residuals ------------------------------------------------------

// The terms over the columns kept (R's asgn after NA coefficients are dropped).
struct ZphTerms {
  std::vector<std::size_t> cols;                  // fit columns with an estimate
  std::vector<double> coef;                       // their coefficients
  std::vector<std::string> names;                 // one per term
  std::vector<std::vector<std::size_t>> members;  // per term: positions in cols
};

ZphTerms zph_terms(const ZphRows& z, const CoxResult& fit, const CoxInput& in) {
  ZphTerms t;
  int last_term = -1;
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (std::isnan(fit.terms[j].coef)) continue;
    const int term = z.mm.term[j];
    if (term != last_term) {
      t.names.push_back(in.covariates[static_cast<std::size_t>(term)].name);
      t.members.emplace_back();
      last_term = term;
    }
    t.members.back().push_back(t.cols.size());
    t.cols.push_back(j);
    t.coef.push_back(fit.terms[j].coef);
  }
  return t;
}

// chisq = u' I^-1 u over the beta block and the theta block of `theta` (positions), u = 0 on
// the beta block. False when singular.
bool score_chisq(const ZphScores& s, std::size_t p, const std::vector<std::size_t>& theta,
                 double& chisq) {
  std::vector<std::size_t> kk(p);
  std::iota(kk.begin(), kk.end(), std::size_t{0});
  for (std::size_t j : theta) kk.push_back(p + j);
  const std::size_t m = kk.size(), n2 = 2 * p;
  std::vector<double> a(m * m), u(m, 0.0);
  for (std::size_t r = 0; r < m; ++r) {
    if (kk[r] >= p) u[r] = s.u[kk[r]];
    for (std::size_t c = 0; c < m; ++c) a[r * m + c] = s.imat[kk[r] * n2 + kk[c]];
  }
  std::vector<double> sol = u;
  if (!lu_solve(std::move(a), m, sol)) return false;
  chisq = std::inner_product(sol.begin(), sol.end(), u.begin(), 0.0);
  return true;
}

Status zph_table(const ZphScores& s, const ZphTerms& t, const std::string& fn,
                 std::vector<CoxZphTest>& table) {
  const std::size_t p = t.cols.size();
  std::vector<std::size_t> all(p);
  std::iota(all.begin(), all.end(), std::size_t{0});
  for (std::size_t i = 0; i <= t.names.size(); ++i) {
    const bool global = i == t.names.size();
    const std::vector<std::size_t>& theta = global ? all : t.members[i];
    CoxZphTest row;
    row.term = global ? "GLOBAL" : t.names[i];
    row.df = static_cast<double>(theta.size());
    if (!score_chisq(s, p, theta, row.chisq)) {
      return Status::invalid("fit", 0,
                             fn + "the information matrix of the test of " + row.term +
                                 " is singular (R: solve() fails)");
    }
    row.p = chisq_upper(row.chisq, row.df);
    table.push_back(std::move(row));
  }
  return Status{};
}

// The per-event average information (R's vmean) and the weights that map columns to the
// columns of y (R's temp: 1 for a one-column term, beta for the columns of a larger one).
// used becomes n_strata x q.
std::vector<double> average_information(const ZphScores& s, const ZphTerms& t, std::size_t n_strata,
                                        std::size_t p_full, std::vector<double>& weights,
                                        std::vector<int>& used) {
  const std::size_t p = t.cols.size(), q = t.names.size();
  std::vector<int> u(n_strata * p);
  for (std::size_t st = 0; st < n_strata; ++st) {
    for (std::size_t j = 0; j < p; ++j) u[st * p + j] = s.used[st * p_full + t.cols[j]];
  }
  for (const auto& m : t.members) {  // a factor's columns count as used together
    if (m.size() < 2) continue;
    bool any_zero = false;
    for (std::size_t st = 0; st < n_strata; ++st) {
      for (std::size_t j : m) any_zero = any_zero || u[st * p + j] == 0;
    }
    if (!any_zero) continue;
    for (std::size_t st = 0; st < n_strata; ++st) {
      int most = 0;
      for (std::size_t j : m) most = std::max(most, u[st * p + j]);
      for (std::size_t j : m) u[st * p + j] = most;
    }
  }
  std::vector<double> vmean(p * p);
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = 0; b < p; ++b) {
      double w = 0;
      for (std::size_t st = 0; st < n_strata; ++st) w += std::min(u[st * p + a], u[st * p + b]);
      vmean[a * p + b] = s.imat[a * 2 * p + b] / (w == 0 ? 1 : w);
    }
  }
  weights.assign(p * q, 0.0);  // p x q
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j : t.members[i])
      weights[j * q + i] = t.members[i].size() == 1 ? 1 : t.coef[j];
  }
  std::vector<double> vq(q * q, 0.0);  // weights' vmean weights
  for (std::size_t a = 0; a < q; ++a) {
    for (std::size_t b = 0; b < q; ++b) {
      for (std::size_t i = 0; i < p; ++i) {
        for (std::size_t j = 0; j < p; ++j) {
          vq[a * q + b] += weights[i * q + a] * vmean[i * p + j] * weights[j * q + b];
        }
      }
    }
  }
  used.assign(n_strata * q, 0);
  for (std::size_t st = 0; st < n_strata; ++st) {
    for (std::size_t i = 0; i < q; ++i) used[st * q + i] = u[st * p + t.members[i][0]];
  }
  return vq;
}

// R's zp$y: per event, the residual mapped to the columns of y, times the inverse of the
// average information over the columns used in its stratum (the others NaN), plus beta (1 for a
// term of several columns). Also zp$var = vmean^-1.
Status scaled_residuals(const ZphScores& s, const ZphTerms& t, const ZphRows& z,
                        const std::string& fn, CoxZphResult& res) {
  const std::size_t p = t.cols.size(), q = t.names.size(),
                    ns = static_cast<std::size_t>(z.n_strata);
  const std::size_t ne = s.event_rows.size();
  std::vector<double> weights;
  std::vector<int> used;
  const std::vector<double> vmean =
      average_information(s, t, ns, z.mm.columns.size(), weights, used);
  if (!lu_inverse(vmean, q, res.var)) {
    return Status::invalid("fit", 0,
                           fn + "the average information matrix is singular (R: solve() "
                                "fails)");
  }
  res.y.assign(q, std::vector<double>(ne, kNaN));
  for (std::size_t st = 0; st < ns; ++st) {
    std::vector<std::size_t> k;
    for (std::size_t i = 0; i < q; ++i) {
      if (used[st * q + i] > 0) k.push_back(i);
    }
    if (k.empty()) continue;
    std::vector<double> sub(k.size() * k.size()), inv;
    for (std::size_t a = 0; a < k.size(); ++a) {
      for (std::size_t b = 0; b < k.size(); ++b) sub[a * k.size() + b] = vmean[k[a] * q + k[b]];
    }
    if (!lu_inverse(sub, k.size(), inv)) {
      return Status::invalid(
          "fit", 0,
          fn + "the average information of stratum " + std::to_string(st + 1) + " is singular");
    }
    for (std::size_t e = 0; e < ne; ++e) {
      if (static_cast<std::size_t>(z.stratum[s.event_rows[e]]) != st) continue;
      std::vector<double> r(k.size(), 0.0);  // the residual in y's columns
      for (std::size_t a = 0; a < k.size(); ++a) {
        for (std::size_t j = 0; j < p; ++j) r[a] += s.schoen[e * p + j] * weights[j * q + k[a]];
      }
      for (std::size_t a = 0; a < k.size(); ++a) {
        double v = 0;
        for (std::size_t b = 0; b < k.size(); ++b) v += inv[a * k.size() + b] * r[b];
        res.y[k[a]][e] = v;
      }
    }
  }
  for (std::size_t i = 0; i < q; ++i) {
    const double shift = t.members[i].size() == 1 ? t.coef[t.members[i][0]] : 1.0;
    for (double& v : res.y[i]) v += shift;
  }
  res.y_names = t.names;
  return Status{};
}

// ---- plot.cox.zph's smooth ------------------------------------------------------------------

// A basis of the natural cubic splines with boundary knots knots.front(), knots.back() and the
// interior knots between (ESL 5.2.1: 1, u, d_k - d_{K-1}), on u scaled to [0, 1] for
// conditioning. Spans what splines::ns(intercept = TRUE) spans, so least-squares fits agree.
std::vector<double> natural_spline_row(double x, const std::vector<double>& knots) {
  const double a = knots.front(), w = knots.back() - a;
  const std::size_t K = knots.size();
  const double u = (x - a) / w;
  const auto cube = [](double v) { return v > 0 ? v * v * v : 0.0; };
  const auto d = [&](std::size_t k) {
    const double xk = (knots[k] - a) / w;
    return (cube(u - xk) - cube(u - 1)) / (1 - xk);
  };
  std::vector<double> row = {1, u};
  for (std::size_t k = 0; k + 2 < K; ++k) row.push_back(d(k) - d(K - 2));
  return row;
}

// Least squares by Householder QR of x (n x m row-major, overwritten): coef and the m x m upper
// triangle R. False when a column is (nearly) in the span of the others (dqrdc2's tolerance
// 1e-7 on the column norms, as qr() in plot.cox.zph).
bool least_squares(std::vector<double> x, std::size_t n, std::size_t m, std::vector<double> y,
                   std::vector<double>& coef, std::vector<double>& r) {
  if (n < m) return false;
  std::vector<double> norms(m, 0.0);
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t i = 0; i < n; ++i) norms[j] += x[i * m + j] * x[i * m + j];
    norms[j] = std::sqrt(norms[j]);
  }
  for (std::size_t j = 0; j < m; ++j) {
    double s = 0;
    for (std::size_t i = j; i < n; ++i) s += x[i * m + j] * x[i * m + j];
    s = std::sqrt(s);
    if (!(s > 1e-7 * norms[j])) return false;
    const double alpha = x[j * m + j] > 0 ? -s : s;
    std::vector<double> v(n - j);
    for (std::size_t i = j; i < n; ++i) v[i - j] = x[i * m + j];
    v[0] -= alpha;
    const double vv = std::inner_product(v.begin(), v.end(), v.begin(), 0.0);
    const auto reflect = [&](auto&& get) {  // z -= 2 v (v'z) / v'v on rows j..n-1
      double dot = 0;
      for (std::size_t i = j; i < n; ++i) dot += v[i - j] * get(i);
      const double f = 2 * dot / vv;
      for (std::size_t i = j; i < n; ++i) get(i) -= f * v[i - j];
    };
    for (std::size_t c = j; c < m; ++c)
      reflect([&](std::size_t i) -> double& { return x[i * m + c]; });
    reflect([&](std::size_t i) -> double& { return y[i]; });
  }
  r.assign(m * m, 0.0);
  coef.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = i; j < m; ++j) r[i * m + j] = x[i * m + j];
  }
  for (std::size_t i = m; i-- > 0;) {
    double v = y[i];
    for (std::size_t j = i + 1; j < m; ++j) v -= r[i * m + j] * coef[j];
    coef[i] = v / r[i * m + i];
  }
  return true;
}

// Type 7 quantile of sorted v at prob (R's quantile.default).
double quantile7(const std::vector<double>& v, double prob) {
  const double index = 1 + static_cast<double>(v.size() - 1) * prob;
  const std::size_t lo = static_cast<std::size_t>(std::floor(index));
  const std::size_t hi = static_cast<std::size_t>(std::ceil(index));
  const double h = index - static_cast<double>(lo);
  double q = v[lo - 1];
  if (index > static_cast<double>(lo) && v[hi - 1] != q) q = (1 - h) * q + h * v[hi - 1];
  return q;
}

// The knots of ns(c(grid, x), df, intercept = TRUE): the range, and df - 2 quantiles between.
std::vector<double> spline_knots(const std::vector<double>& grid, const std::vector<double>& x,
                                 int df) {
  std::vector<double> all = grid;
  all.insert(all.end(), x.begin(), x.end());
  std::sort(all.begin(), all.end());
  std::vector<double> knots = {all.front()};
  for (int j = 1; j <= df - 2; ++j)
    knots.push_back(quantile7(all, static_cast<double>(j) / (df - 1)));
  knots.push_back(all.back());
  return knots;
}

// The curves of plot(zp, df, nsmo): per column of y, the spline fit on the grid, +- 2 SE.
void zph_smooth(const CoxZphOptions& o, CoxZphResult& res) {
  const std::vector<double>& xx = res.x;
  const std::size_t q = res.y.size(), df = static_cast<std::size_t>(o.smooth_df);
  const std::size_t nsmo = static_cast<std::size_t>(o.smooth_points);
  const auto [lo, hi] = std::minmax_element(xx.begin(), xx.end());
  const double from = *lo, to = *hi;
  res.smooth_x.resize(nsmo);
  for (std::size_t i = 0; i < nsmo; ++i) {  // seq(from, to, length = nsmo)
    res.smooth_x[i] = i + 1 == nsmo ? to
                                    : from + static_cast<double>(i) *
                                                 ((to - from) / static_cast<double>(nsmo - 1));
  }
  const std::vector<double> knots = spline_knots(res.smooth_x, xx, o.smooth_df);
  bool distinct = true;
  for (std::size_t k = 1; k < knots.size(); ++k) distinct = distinct && knots[k] > knots[k - 1];
  std::vector<double> pmat;
  for (double g : res.smooth_x) {
    const std::vector<double> row = natural_spline_row(g, knots);
    pmat.insert(pmat.end(), row.begin(), row.end());
  }
  for (std::size_t i = 0; i < q; ++i) {
    CoxZphSmooth sm;
    sm.name = res.y_names[i];
    std::vector<double> xmat, y, coef, r;
    for (std::size_t e = 0; e < xx.size() && distinct; ++e) {
      if (std::isnan(res.y[i][e])) continue;
      const std::vector<double> row = natural_spline_row(xx[e], knots);
      xmat.insert(xmat.end(), row.begin(), row.end());
      y.push_back(res.y[i][e]);
    }
    sm.fitted = distinct && least_squares(std::move(xmat), y.size(), df, y, coef, r);
    for (std::size_t g = 0; g < nsmo && sm.fitted; ++g) {
      const double* h = &pmat[g * df];
      // seval = h' (R'R)^-1 h = |R'^-1 h|^2
      std::vector<double> w(df);
      double fit = 0, seval = 0;
      for (std::size_t a = 0; a < df; ++a) {
        fit += h[a] * coef[a];
        double v = h[a];
        for (std::size_t b = 0; b < a; ++b) v -= r[b * df + a] * w[b];
        w[a] = v / r[a * df + a];
        seval += w[a] * w[a];
      }
      const double band = 2 * std::sqrt(res.var[i * q + i] * seval);
      sm.fit.push_back(fit);
      sm.lower.push_back(fit - band);
      sm.upper.push_back(fit + band);
    }
    res.smooth.push_back(std::move(sm));
  }
}

Status check_options(const CoxZphOptions& o, const std::string& fn) {
  if (o.smooth && (o.smooth_df < 2 || o.smooth_df > 20)) {
    return Status::invalid(
        "smooth_df", 0,
        fn + "smooth_df must be from 2 to 20 (" + std::to_string(o.smooth_df) + ")");
  }
  if (o.smooth && (o.smooth_points < 2 || o.smooth_points > 10000)) {
    return Status::invalid(
        "smooth_points", 0,
        fn + "smooth_points must be from 2 to 10000 (" + std::to_string(o.smooth_points) + ")");
  }
  return Status{};
}

}  // namespace

CoxZphResult cox_zph(const CoxInput& input, const CoxResult& fit, const CoxZphOptions& options) {
  CoxZphResult res;
  res.transform = to_string(options.transform);
  const std::string fn = "cox_zph: ";
  ZphRows z;
  if ((res.status = check_options(options, fn)).ok()) {
    res.status = zph_rows(input, fit, options.timefix, fn, z);
  }
  if (!res.status.ok()) return res;
  const ZphTerms t = zph_terms(z, fit, input);
  if (t.cols.empty()) {
    res.status = Status::invalid("fit", 0, fn + "the fit has no estimated coefficient");
    return res;
  }
  std::vector<double> tt;
  if (!(res.status = transform_times(z, options.transform, fn, tt)).ok()) return res;
  double mean_tt = 0;
  int events = 0;
  for (std::size_t k = 0; k < tt.size(); ++k) {
    if (z.event[k]) {
      mean_tt += tt[k];
      ++events;
    }
  }
  mean_tt /= events;
  std::vector<double> gt(tt.size());
  for (std::size_t k = 0; k < tt.size(); ++k) gt[k] = tt[k] - mean_tt;
  const ZphScores s = zph_scores(z, t.cols, t.coef, gt, fit.ties == "efron");
  if (!(res.status = zph_table(s, t, fn, res.table)).ok()) return res;
  for (std::size_t k : s.event_rows) {
    res.x.push_back(tt[k]);
    res.time.push_back(z.time[k]);
    if (!input.strata.empty())
      res.strata.push_back(z.stratum_levels[static_cast<std::size_t>(z.stratum[k])]);
  }
  if (!(res.status = scaled_residuals(s, t, z, fn, res)).ok()) return res;
  if (options.smooth) zph_smooth(options, res);
  return res;
}

}  // namespace infant_all
