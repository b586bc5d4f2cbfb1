#include "infant_all/stats/fine_gray.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <utility>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kArmijo = 1e-4;  // crr: accept a step when it gains 1e-4 of the predicted rise
constexpr int kMaxHalvings = 20;  // crr: more than 20 halvings of one step end the fit

enum Kind : char { kCensored = 0, kFailure = 1, kCompeting = 2 };  // crr's ici

// The rows of the fit sorted by time (ties in input order, as R's order()), centred.
struct Design {
  ModelMatrix mm;
  std::size_t n = 0, p = 0;
  std::vector<double> time;
  std::vector<char> kind;
  std::vector<double> x;       // n x p row-major, centred by `mean`
  std::vector<double> mean;    // p
  std::vector<double> gminus;  // G(T_i-) per row, crr's uuu
  // Runs of equal times: one past the last row of each, and its failures and censorings.
  std::vector<std::size_t> group_end;
  std::vector<int> group_fail, group_cens;
  std::vector<double> uftime;  // time of each group with failures, increasing
  std::vector<int> deaths;     // failures at each of those times
};

// Checks that need no pass over the rows: lengths, codes, options.
Status check_arguments(const FineGrayInput& in, const FineGrayOptions& opt, const std::string& fn) {
  const std::size_t n_in = in.time.size();
  if (n_in == 0) return Status::invalid("time", 0, fn + "time is empty");
  if (in.status.size() != n_in) {
    return Status::invalid("status", 0,
                           fn + "status has length " + std::to_string(in.status.size()) +
                               ", expected " + std::to_string(n_in) + " (length of time)");
  }
  if (in.covariates.empty()) {
    return Status::invalid("covariates", 0, fn + "covariates is empty (crr needs cov1)");
  }
  for (const Covariate& c : in.covariates) {
    if (c.is_interaction()) continue;  // no values of its own (model_matrix checks it)
    const std::size_t len = c.size();
    if (len != n_in) {
      return Status::invalid(c.name, 0,
                             fn + "covariate " + c.name + " has length " + std::to_string(len) +
                                 ", expected " + std::to_string(n_in) + " (length of time)");
    }
  }
  if (opt.failcode == opt.cencode || opt.failcode == kMissingStatusCode ||
      opt.cencode == kMissingStatusCode) {
    return Status::invalid("failcode", 0,
                           fn + "failcode (" + std::to_string(opt.failcode) + ") and cencode (" +
                               std::to_string(opt.cencode) + ") must be two different codes");
  }
  if (!(opt.conf_level > 0 && opt.conf_level < 1)) {
    return Status::invalid(
        "conf_level", 0,
        fn + "conf_level must be in (0, 1) (" + format_number(opt.conf_level) + ")");
  }
  if (opt.maxiter < 0 || !(opt.gtol > 0)) {
    return Status::invalid("options", 0, fn + "invalid control options (maxiter >= 0, gtol > 0)");
  }
  return Status{};
}

// Flags rows with a missing time or status; a present but invalid time is an error.
Status flag_missing(const FineGrayInput& in, const std::string& fn, std::vector<char>& missing) {
  const std::size_t n_in = in.time.size();
  missing.assign(n_in, 0);
  for (std::size_t i = 0; i < n_in; ++i) {
    const double t = in.time[i];
    const std::string row = "[" + std::to_string(i + 1) + "]";
    if (std::isnan(t)) {
      missing[i] = 1;
    } else if (std::isinf(t)) {
      return Status::invalid("time", i + 1,
                             fn + "time" + row + " is infinite (" + format_number(t) + ")");
    } else if (t < 0) {
      return Status::invalid("time", i + 1,
                             fn + "time" + row + " is negative (" + format_number(t) + ")");
    }
    if (in.status[i] == kMissingStatusCode) missing[i] = 1;
  }
  return Status{};
}

// crr's censoring weights: G is survfit's Kaplan-Meier curve of the censorings, read by
// approx(..., method = "constant") at T (1 - 100 eps): G(T-), but G(0) itself at T = 0.
void censoring_weights(Design& d) {
  double g = 1;
  std::size_t begin = 0;
  for (std::size_t k = 0; k < d.group_end.size(); ++k) {
    const std::size_t end = d.group_end[k];
    const double after =
        g * (1 - static_cast<double>(d.group_cens[k]) / static_cast<double>(d.n - begin));
    const double at = d.time[begin] == 0 ? after : g;
    for (std::size_t i = begin; i < end; ++i) d.gminus[i] = at;
    g = after;
    begin = end;
  }
}

// Sorted, centred design; tie groups; censoring weights. res gets the counts.
Status prepare(const FineGrayInput& in, const FineGrayOptions& opt, const std::string& fn,
               Design& d, FineGrayResult& res) {
  if (Status bad = check_arguments(in, opt, fn); !bad.ok()) return bad;
  std::vector<char> missing;
  if (Status bad = flag_missing(in, fn, missing); !bad.ok()) return bad;
  d.mm = model_matrix(in.covariates, missing);
  res.n_excluded = d.mm.n_excluded;
  res.excluded_rows = d.mm.excluded_rows;
  if (!d.mm.status.ok()) {
    Status bad = std::move(d.mm.status);
    bad.message = fn + bad.message;
    return bad;
  }
  const ModelMatrix& mm = d.mm;
  d.n = mm.kept_rows.size();
  d.p = mm.columns.size();
  res.n = static_cast<int>(d.n);
  if (d.n == 0) return Status::invalid(fn + "no rows left after excluding missing values");
  std::vector<std::size_t> order(d.n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return in.time[mm.kept_rows[a]] < in.time[mm.kept_rows[b]];
  });
  d.mean.assign(d.p, 0.0);
  for (std::size_t j = 0; j < d.p; ++j) {
    for (const double v : mm.columns[j]) d.mean[j] += v;
    d.mean[j] /= static_cast<double>(d.n);
  }
  d.time.resize(d.n);
  d.kind.resize(d.n);
  d.x.resize(d.n * d.p);
  d.gminus.resize(d.n);
  for (std::size_t r = 0; r < d.n; ++r) {
    const std::size_t k = order[r], row = mm.kept_rows[k];
    d.time[r] = in.time[row];
    const int s = in.status[row];
    d.kind[r] = s == opt.failcode ? kFailure : s == opt.cencode ? kCensored : kCompeting;
    for (std::size_t j = 0; j < d.p; ++j) d.x[r * d.p + j] = mm.columns[j][k] - d.mean[j];
    res.events += d.kind[r] == kFailure;
    res.competing += d.kind[r] == kCompeting;
    res.censored += d.kind[r] == kCensored;
  }
  for (std::size_t r = 0; r < d.n; ++r) {
    if (r + 1 == d.n || d.time[r + 1] != d.time[r]) d.group_end.push_back(r + 1);
  }
  d.group_fail.assign(d.group_end.size(), 0);
  d.group_cens.assign(d.group_end.size(), 0);
  for (std::size_t g = 0, r = 0; g < d.group_end.size(); ++g) {
    for (; r < d.group_end[g]; ++r) {
      d.group_fail[g] += d.kind[r] == kFailure;
      d.group_cens[g] += d.kind[r] == kCensored;
    }
    if (d.group_fail[g] > 0) {
      d.uftime.push_back(d.time[d.group_end[g] - 1]);
      d.deaths.push_back(d.group_fail[g]);
    }
  }
  if (res.events == 0) {
    return Status::invalid("status", 0,
                           fn + "no rows with status failcode (" + std::to_string(opt.failcode) +
                               ") among the " + std::to_string(d.n) + " rows used");
  }
  censoring_weights(d);
  return Status{};
}

// ---- The weighted risk sets --------------------------------------------------------------

// Per distinct failure time k: S0, S1 (p) and, when asked, S2 (p x p) of the weighted risk set.
struct RiskSums {
  std::vector<double> s0, s1, s2;
};

// acc += w (1, x, x x') over the first 1 + p (+ p^2 when `second`) entries.
inline void add_moments(double w, const double* x, std::size_t p, bool second, double* acc) {
  acc[0] += w;
  for (std::size_t j = 0; j < p; ++j) acc[1 + j] += w * x[j];
  if (!second) return;
  for (std::size_t j = 0; j < p; ++j) {
    for (std::size_t l = 0; l < p; ++l) acc[1 + p + j * p + l] += w * x[j] * x[l];
  }
}

// Two passes: competing rows that failed before each failure time (weight r G(u-) / G(T-),
// forwards), then rows with T >= u (weight r, backwards), each summed without cancellation.
RiskSums risk_sums(const Design& d, const std::vector<double>& r, bool second) {
  const std::size_t p = d.p, m = d.uftime.size(), w = 1 + p + (second ? p * p : 0);
  std::vector<double> at(m * w, 0.0), acc(w, 0.0);
  std::size_t k = 0, begin = 0;
  for (std::size_t g = 0; g < d.group_end.size(); ++g) {
    const std::size_t end = d.group_end[g];
    if (d.group_fail[g] > 0) {
      const double gu = d.gminus[begin];
      for (std::size_t a = 0; a < w; ++a) at[k * w + a] = gu * acc[a];
      ++k;
    }
    for (std::size_t i = begin; i < end; ++i) {
      if (d.kind[i] == kCompeting) add_moments(r[i] / d.gminus[i], &d.x[i * p], p, second, &acc[0]);
    }
    begin = end;
  }
  std::fill(acc.begin(), acc.end(), 0.0);
  for (std::size_t g = d.group_end.size(); g-- > 0;) {
    const std::size_t first = g == 0 ? 0 : d.group_end[g - 1];
    for (std::size_t i = d.group_end[g]; i-- > first;)
      add_moments(r[i], &d.x[i * p], p, second, &acc[0]);
    if (d.group_fail[g] > 0) {
      --k;
      for (std::size_t a = 0; a < w; ++a) at[k * w + a] += acc[a];
    }
  }
  RiskSums s;
  s.s0.resize(m);
  s.s1.resize(m * p);
  s.s2.resize(second ? m * p * p : 0);
  for (std::size_t t = 0; t < m; ++t) {
    s.s0[t] = at[t * w];
    for (std::size_t j = 0; j < p; ++j) s.s1[t * p + j] = at[t * w + 1 + j];
    if (second) {
      for (std::size_t a = 0; a < p * p; ++a) s.s2[t * p * p + a] = at[t * w + 1 + p + a];
    }
  }
  return s;
}

// exp(x' b) per row (centred x), and sum of x' b over the failures.
double risk_scores(const Design& d, const std::vector<double>& b, std::vector<double>& r) {
  r.resize(d.n);
  double fail_sum = 0;
  for (std::size_t i = 0; i < d.n; ++i) {
    double eta = 0;
    for (std::size_t j = 0; j < d.p; ++j) eta += d.x[i * d.p + j] * b[j];
    r[i] = std::exp(eta);
    if (d.kind[i] == kFailure) fail_sum += eta;
  }
  return fail_sum;
}

// Pseudo log-likelihood at b (crrf, sign flipped); with u and imat also the score and the
// information (crrfsv): U = sum_fail x - sum_u d S1/S0, I = sum_u d (S2/S0 - xbar xbar').
double evaluate(const Design& d, const std::vector<double>& b, std::vector<double>* u,
                std::vector<double>* imat) {
  const std::size_t p = d.p, m = d.uftime.size();
  std::vector<double> r;
  double loglik = risk_scores(d, b, r);
  const bool second = imat != nullptr;
  const RiskSums s = risk_sums(d, r, second);
  const std::vector<int>& deaths = d.deaths;
  for (std::size_t k = 0; k < m; ++k) loglik -= deaths[k] * std::log(s.s0[k]);
  if (!u) return loglik;
  u->assign(p, 0.0);
  imat->assign(p * p, 0.0);
  for (std::size_t i = 0; i < d.n; ++i) {
    if (d.kind[i] != kFailure) continue;
    for (std::size_t j = 0; j < p; ++j) (*u)[j] += d.x[i * p + j];
  }
  std::vector<double> xbar(p);
  for (std::size_t k = 0; k < m; ++k) {
    const double dk = deaths[k], s0 = s.s0[k];
    for (std::size_t j = 0; j < p; ++j) {
      xbar[j] = s.s1[k * p + j] / s0;
      (*u)[j] -= dk * xbar[j];
    }
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t l = 0; l < p; ++l) {
        (*imat)[j * p + l] += dk * (s.s2[k * p * p + j * p + l] / s0 - xbar[j] * xbar[l]);
      }
    }
  }
  return loglik;
}

// ---- Linear algebra: Gaussian elimination with partial pivoting, as R's solve() ------------

// Solves a x = rhs (a p x p row-major, rhs p x q row-major) in place of rhs. False when a is
// singular to working precision (R's solve() stops there).
bool solve(std::vector<double> a, std::size_t p, std::vector<double>& rhs, std::size_t q) {
  double biggest = 0;
  for (const double v : a) biggest = std::max(biggest, std::fabs(v));
  if (!(biggest > 0) || !std::isfinite(biggest)) return false;
  const double tiny = biggest * static_cast<double>(p) * std::numeric_limits<double>::epsilon();
  for (std::size_t c = 0; c < p; ++c) {
    std::size_t piv = c;
    for (std::size_t i = c + 1; i < p; ++i) {
      if (std::fabs(a[i * p + c]) > std::fabs(a[piv * p + c])) piv = i;
    }
    if (!(std::fabs(a[piv * p + c]) > tiny)) return false;
    if (piv != c) {
      for (std::size_t j = 0; j < p; ++j) std::swap(a[c * p + j], a[piv * p + j]);
      for (std::size_t j = 0; j < q; ++j) std::swap(rhs[c * q + j], rhs[piv * q + j]);
    }
    for (std::size_t i = c + 1; i < p; ++i) {
      const double f = a[i * p + c] / a[c * p + c];
      for (std::size_t j = c; j < p; ++j) a[i * p + j] -= f * a[c * p + j];
      for (std::size_t j = 0; j < q; ++j) rhs[i * q + j] -= f * rhs[c * q + j];
    }
  }
  for (std::size_t c = p; c-- > 0;) {
    for (std::size_t j = 0; j < q; ++j) {
      double v = rhs[c * q + j];
      for (std::size_t l = c + 1; l < p; ++l) v -= a[c * p + l] * rhs[l * q + j];
      rhs[c * q + j] = v / a[c * p + c];
    }
  }
  return true;
}

// ---- Kernel: crr's Newton-Raphson with backtracking ----------------------------------------

struct NewtonFit {
  std::vector<double> beta, u, imat;  // at the final beta
  double loglik = 0;
  int iterations = 0;
  bool converged = false, singular = false;
};

NewtonFit fit_newton(const Design& d, const FineGrayOptions& opt) {
  const std::size_t p = d.p;
  NewtonFit f;
  f.beta.assign(p, 0.0);
  std::vector<double> step(p), trial(p);
  for (int ll = 0;; ++ll) {
    f.iterations = ll;
    f.loglik = evaluate(d, f.beta, &f.u, &f.imat);
    double lhs = 0;
    for (std::size_t j = 0; j < p; ++j) {
      lhs = std::max(lhs, std::fabs(f.u[j]) * std::max(std::fabs(f.beta[j]), 1.0));
    }
    if (lhs < std::max(std::fabs(f.loglik), 1.0) * opt.gtol) {
      f.converged = true;
      return f;
    }
    if (ll == opt.maxiter) return f;
    step = f.u;
    if (!solve(f.imat, p, step, 1)) {
      f.singular = true;
      return f;
    }
    double rise = 0;  // predicted rise s'U
    for (std::size_t j = 0; j < p; ++j) rise += step[j] * f.u[j];
    int halvings = 0;
    for (;;) {
      for (std::size_t j = 0; j < p; ++j) trial[j] = f.beta[j] + step[j];
      const double ln = evaluate(d, trial, nullptr, nullptr);
      if (ln >= f.loglik + kArmijo * rise) break;  // false for NaN too, as crr's is.na()
      if (++halvings > kMaxHalvings) return f;     // crr gives up (converged FALSE)
      for (double& s : step) s *= 0.5;
      rise *= 0.5;
    }
    f.beta = trial;
  }
}

// ---- The sandwich variance (crrvv) ---------------------------------------------------------

// Middle of the sandwich, sum_i (eta_i + psi_i)(eta_i + psi_i)', by prefix sums over the
// distinct failure times k (A_k = d_k / S0_k, B_k = A_k xbar_k):
//   eta_i = [failure] (x_i - xbar(T_i)) - r_i sum_{u_k <= T_i} (x_i A_k - B_k)
//           - [competing] r_i / G(T_i-) sum_{u_k > T_i} G(u_k-) (x_i A_k - B_k)
//   q(s)  = sum_{u_k >= s} G(u_k-) (C1(s) A_k - C0(s) B_k), C0, C1 = sum r (1, x) / G(T-) over
//           competing rows with T < s
//   psi_i = -sum_{censoring times s <= T_i} c(s) q(s) / Y(s)^2 + [censored] q(T_i) / Y(T_i)
// with c(s) the censorings at s and Y(s) the number with T >= s.
std::vector<double> sandwich_middle(const Design& d, const std::vector<double>& b) {
  const std::size_t p = d.p, m = d.uftime.size();
  std::vector<double> r;
  risk_scores(d, b, r);
  const RiskSums s = risk_sums(d, r, false);
  std::vector<double> a(m), bk(m * p), gu(m), ga_ge(m + 1, 0.0), gb_ge((m + 1) * p, 0.0);
  std::vector<std::size_t> fail_group;
  for (std::size_t g = 0, begin = 0; g < d.group_end.size(); begin = d.group_end[g++]) {
    if (d.group_fail[g] > 0) {
      gu[fail_group.size()] = d.gminus[begin];
      fail_group.push_back(g);
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    a[k] = d.group_fail[fail_group[k]] / s.s0[k];
    for (std::size_t j = 0; j < p; ++j) bk[k * p + j] = a[k] * s.s1[k * p + j] / s.s0[k];
  }
  for (std::size_t k = m; k-- > 0;) {
    ga_ge[k] = ga_ge[k + 1] + gu[k] * a[k];
    for (std::size_t j = 0; j < p; ++j)
      gb_ge[k * p + j] = gb_ge[(k + 1) * p + j] + gu[k] * bk[k * p + j];
  }
  std::vector<double> v2(p * p, 0.0), a_le(1, 0.0), b_le(p, 0.0), c(1 + p, 0.0), ss2(p, 0.0),
      q(p, 0.0), e(p);
  std::size_t k_next = 0, begin = 0;
  for (std::size_t g = 0; g < d.group_end.size(); begin = d.group_end[g++]) {
    const std::size_t end = d.group_end[g];
    const bool fails = d.group_fail[g] > 0;
    const std::size_t kf = k_next, k_gt = fails ? k_next + 1 : k_next;
    const double y = static_cast<double>(d.n - begin);
    if (fails) {
      a_le[0] += a[kf];
      for (std::size_t j = 0; j < p; ++j) b_le[j] += bk[kf * p + j];
    }
    if (d.group_cens[g] > 0) {
      for (std::size_t j = 0; j < p; ++j) {
        q[j] = c[1 + j] * ga_ge[kf] - c[0] * gb_ge[kf * p + j];
        ss2[j] -= d.group_cens[g] * q[j] / (y * y);
      }
    }
    for (std::size_t i = begin; i < end; ++i) {
      const double* xi = &d.x[i * p];
      const double wc = r[i] / d.gminus[i];
      for (std::size_t j = 0; j < p; ++j) {
        double v = ss2[j] - r[i] * (xi[j] * a_le[0] - b_le[j]);
        if (d.kind[i] == kFailure) v += xi[j] - s.s1[kf * p + j] / s.s0[kf];
        if (d.kind[i] == kCompeting) v -= wc * (xi[j] * ga_ge[k_gt] - gb_ge[k_gt * p + j]);
        if (d.kind[i] == kCensored) v += q[j] / y;
        e[j] = v;
      }
      for (std::size_t j = 0; j < p; ++j) {
        for (std::size_t l = 0; l < p; ++l) v2[j * p + l] += e[j] * e[l];
      }
    }
    for (std::size_t i = begin; i < end; ++i) {
      if (d.kind[i] == kCompeting) add_moments(r[i] / d.gminus[i], &d.x[i * p], p, false, &c[0]);
    }
    if (fails) ++k_next;
  }
  return v2;
}

// ---- Summarise -------------------------------------------------------------------------------

// invinf = I^-1 and var = I^-1 V2 I^-1 (crr: h <- solve(inf); v <- h %*% v2 %*% t(h)).
bool sandwich(const Design& d, const NewtonFit& f, FineGrayResult& res) {
  const std::size_t p = d.p;
  std::vector<double> inv(p * p, 0.0);
  for (std::size_t j = 0; j < p; ++j) inv[j * p + j] = 1;
  if (!solve(f.imat, p, inv, p)) return false;
  const std::vector<double> v2 = sandwich_middle(d, f.beta);
  std::vector<double> t(p * p, 0.0), var(p * p, 0.0);
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t l = 0; l < p; ++l) t[i * p + j] += inv[i * p + l] * v2[l * p + j];
    }
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t l = 0; l < p; ++l) var[i * p + j] += t[i * p + l] * inv[j * p + l];
    }
  }
  res.invinf = std::move(inv);
  res.var = std::move(var);
  return true;
}

// crr's bfitj on the original scale: d / S0 with S0 of the uncentred exp(x' b).
void baseline(const Design& d, const NewtonFit& f, FineGrayResult& res) {
  std::vector<double> r;
  risk_scores(d, f.beta, r);
  const RiskSums s = risk_sums(d, r, false);
  double shift = 0;
  for (std::size_t j = 0; j < d.p; ++j) shift += d.mean[j] * f.beta[j];
  res.uftime = d.uftime;
  res.bfitj.clear();
  for (std::size_t g = 0; g < d.group_end.size(); ++g) {
    if (d.group_fail[g] == 0) continue;
    const std::size_t k = res.bfitj.size();
    res.bfitj.push_back(d.group_fail[g] / s.s0[k] * std::exp(-shift));
  }
}

void summarise(const Design& d, const NewtonFit& f, const FineGrayOptions& opt,
               const std::string& fn, FineGrayResult& res) {
  const std::size_t p = d.p;
  const std::vector<double> zero(p, 0.0);
  res.loglik = f.loglik;
  res.loglik_null = evaluate(d, zero, nullptr, nullptr);
  res.score = f.u;
  res.iterations = f.iterations;
  res.converged = f.converged;
  const bool invertible = !f.singular && sandwich(d, f, res);
  if (!invertible) {
    res.var.assign(p * p, kNaN);
    res.invinf.assign(p * p, kNaN);
  }
  baseline(d, f, res);
  const double z = norm_two_sided_z(opt.conf_level);
  for (std::size_t j = 0; j < p; ++j) {
    FineGrayTerm t;
    t.name = d.mm.names[j];
    t.coef = f.beta[j];
    t.se = std::sqrt(res.var[j * p + j]);
    t.shr = std::exp(t.coef);
    t.z = t.coef / t.se;
    t.p = norm_two_sided_p(t.z);
    t.lower = std::exp(t.coef - z * t.se);
    t.upper = std::exp(t.coef + z * t.se);
    res.terms.push_back(std::move(t));
  }
  const double lr = 2 * (res.loglik - res.loglik_null);
  res.lr = {lr, static_cast<double>(p), chisq_upper(lr, static_cast<double>(p))};
  if (!invertible) {
    res.status = Status::error(StatusCode::singular,
                               fn + "the information matrix is singular (crr stops in solve()); "
                                    "a covariate is redundant or constant among the rows used");
  } else if (!f.converged) {
    res.status = Status::error(StatusCode::not_converged,
                               fn + "did not converge in " + std::to_string(opt.maxiter) +
                                   " iterations (or a step could not be halved to a rise)");
  }
}

}  // namespace

FineGrayResult fine_gray(const FineGrayInput& input, const FineGrayOptions& options) {
  FineGrayResult res;
  const std::string fn = "fine_gray: ";
  Design d;
  res.status = prepare(input, options, fn, d, res);
  for (std::size_t c = 0; c < input.covariates.size(); ++c) {
    const bool described = res.status.ok() && c < d.mm.levels.size();
    res.covariates.push_back({input.covariates[c].name, input.covariates[c].is_categorical,
                              described ? d.mm.levels[c] : std::vector<std::string>{},
                              described ? d.mm.reference[c] : std::string(),
                              input.covariates[c].interaction});
  }
  if (!res.status.ok()) return res;
  const NewtonFit f = fit_newton(d, options);
  summarise(d, f, options, fn, res);
  return res;
}

FineGrayPrediction fine_gray_predict(const FineGrayResult& fit, const std::vector<double>& x) {
  FineGrayPrediction out;
  const std::string fn = "fine_gray_predict: ";
  if (fit.uftime.empty() || fit.bfitj.size() != fit.uftime.size()) {
    out.status = Status::invalid(
        "fit", 0, fn + "the fit has no baseline (it failed: " + fit.status.message + ")");
    return out;
  }
  if (x.size() != fit.terms.size()) {
    out.status = Status::invalid("x", 0,
                                 fn + "x has length " + std::to_string(x.size()) + ", expected " +
                                     std::to_string(fit.terms.size()) + " (one value per term)");
    return out;
  }
  double eta = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (!std::isfinite(x[j])) {
      out.status = Status::invalid("x", j + 1,
                                   fn + "x[" + std::to_string(j + 1) + "] (" + fit.terms[j].name +
                                       ") is not finite (" + format_number(x[j]) + ")");
      return out;
    }
    eta += x[j] * fit.terms[j].coef;
  }
  // predict.crr: cumsum(exp(x' b) * bfitj), then 1 - exp(-that).
  const double r = std::exp(eta);
  double cum = 0;
  out.time = fit.uftime;
  out.cif.reserve(fit.bfitj.size());
  for (const double jump : fit.bfitj) {
    cum += r * jump;
    out.cif.push_back(1 - std::exp(-cum));
  }
  return out;
}

Status fine_gray_design_row(const FineGrayResult& fit, const std::vector<FineGrayValue>& values,
                            std::vector<double>* x) {
  const std::string fn = "fine_gray_design_row: ";
  x->clear();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto known =
        std::find_if(fit.covariates.begin(), fit.covariates.end(),
                     [&](const FineGrayCovariate& c) { return c.name == values[i].name; });
    if (known == fit.covariates.end()) {
      return Status::invalid("values", i + 1,
                             fn + "'" + values[i].name + "' is not a covariate of the fit");
    }
    if (!known->interaction.empty()) {
      return Status::invalid(
          "values", i + 1,
          fn + "'" + values[i].name + "' is an interaction: give the values of its two covariates");
    }
  }
  // Per covariate, its design columns' values (an interaction's: products, as model_matrix).
  std::vector<std::vector<double>> parts(fit.covariates.size());
  for (std::size_t k = 0; k < fit.covariates.size(); ++k) {
    const FineGrayCovariate& c = fit.covariates[k];
    if (!c.interaction.empty()) {
      if (c.interaction.size() != 2 || c.interaction[0] < 0 ||
          static_cast<std::size_t>(c.interaction[1]) >= k) {
        return Status::invalid(c.name, 0, fn + "interaction " + c.name + " is malformed");
      }
      const auto& a = parts[static_cast<std::size_t>(c.interaction[0])];
      const auto& b = parts[static_cast<std::size_t>(c.interaction[1])];
      for (const double vb : b) {
        for (const double va : a) parts[k].push_back(va * vb);
      }
      x->insert(x->end(), parts[k].begin(), parts[k].end());
      continue;
    }
    const std::size_t first = x->size();
    const auto v = std::find_if(values.begin(), values.end(),
                                [&](const FineGrayValue& e) { return e.name == c.name; });
    if (v == values.end()) {
      return Status::invalid(c.name, 0, fn + "no value for covariate " + c.name);
    }
    if (!c.is_categorical) {
      x->push_back(v->numeric);
      parts[k].assign(x->begin() + static_cast<std::ptrdiff_t>(first), x->end());
      continue;
    }
    if (std::find(c.levels.begin(), c.levels.end(), v->level) == c.levels.end()) {
      std::string known;
      for (const std::string& l : c.levels) known += (known.empty() ? "" : ", ") + l;
      return Status::invalid(
          c.name, 0, fn + "'" + v->level + "' is not a level of " + c.name + " (" + known + ")");
    }
    for (const std::string& l : c.levels) {
      if (l != c.reference) x->push_back(l == v->level ? 1.0 : 0.0);
    }
    parts[k].assign(x->begin() + static_cast<std::ptrdiff_t>(first), x->end());
  }
  return Status{};
}

double fine_gray_cif_at(const FineGrayPrediction& prediction, double t) {
  if (std::isnan(t)) return t;
  const auto k =
      static_cast<std::size_t>(std::upper_bound(prediction.time.begin(), prediction.time.end(), t) -
                               prediction.time.begin());
  return k == 0 ? 0.0 : prediction.cif[k - 1];
}

}  // namespace infant_all
