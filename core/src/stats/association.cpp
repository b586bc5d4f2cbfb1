#include "infant_all/stats/association.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fisher_network.h"
#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_data.h"

namespace infant_all {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// fisher.test's relErr for 2 x 2 tables: tables as probable as the observed one up to this
// relative difference count as "at most as probable".
constexpr double kFisherRelErr = 1 + 1e-7;
// FEXACT's TOL on the log-probability scale, used for r x c tables.
constexpr double kFexactTol = 3.45254e-7;

std::string cell(int i, int j) {
  return "[" + std::to_string(i + 1) + "," + std::to_string(j + 1) + "]";
}

// Shared argument checks: shape, and every count finite and >= 0 (and an integer if asked).
Status check_table(const char* fn, const ContingencyTable& t, bool integers) {
  const std::string f(fn);
  if (!t.status.ok())
    return Status::invalid(f + ": the table is invalid (" + t.status.message + ")");
  if (t.nrow < 2 || t.ncol < 2) {
    return Status::invalid("counts", 0,
                           f + ": the table must have at least 2 rows and 2 columns (" +
                               std::to_string(t.nrow) + " x " + std::to_string(t.ncol) + ")");
  }
  if (t.counts.size() != static_cast<size_t>(t.nrow) * static_cast<size_t>(t.ncol)) {
    return Status::invalid("counts", 0,
                           f + ": counts has " + std::to_string(t.counts.size()) +
                               " entries but the table is " + std::to_string(t.nrow) + " x " +
                               std::to_string(t.ncol));
  }
  double total = 0;
  for (int i = 0; i < t.nrow; ++i) {
    for (int j = 0; j < t.ncol; ++j) {
      const double v = t.counts[static_cast<size_t>(i) * t.ncol + j];
      if (!std::isfinite(v) || v < 0) {
        return Status::invalid(
            "counts", 0,
            f + ": counts" + cell(i, j) + " must be finite and >= 0 (" + format_number(v) + ")");
      }
      if (integers && v != std::floor(v)) {
        return Status::invalid(
            "counts", 0,
            f + ": counts" + cell(i, j) + " is not an integer (" + format_number(v) + ")");
      }
      if (integers && v > 1e7) {
        return Status::invalid("counts", 0,
                               f + ": counts" + cell(i, j) + " is too large for an exact test (" +
                                   format_number(v) + ")");
      }
      total += v;
    }
  }
  if (!(total > 0)) return Status::invalid("counts", 0, f + ": all counts are 0");
  return Status{};
}

}  // namespace

ContingencyTable cross_tabulate(const GroupCodes& x, const GroupCodes& y) {
  ContingencyTable t;
  if (x.size() != y.size()) {
    t.status = Status::invalid("y", 0,
                               "cross_tabulate: y has " + std::to_string(y.size()) +
                                   " rows but x has " + std::to_string(x.size()));
    return t;
  }
  for (const auto& [g, name] : {std::pair<const GroupCodes*, const char*>{&x, "x"}, {&y, "y"}}) {
    if (Status bad = check_codes(*g, name, "cross_tabulate: "); !bad.ok()) {
      t.status = std::move(bad);
      return t;
    }
  }
  std::vector<char> keep(x.size(), 0);
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.code[i] < 0 || y.code[i] < 0) {
      t.excluded_rows.push_back(static_cast<int>(i + 1));
    } else {
      keep[i] = 1;
    }
  }
  t.n_excluded = static_cast<int>(t.excluded_rows.size());
  if (t.excluded_rows.size() == x.size()) {
    t.status = Status::invalid("cross_tabulate: no rows with both x and y present");
    return t;
  }
  // Levels in R's factor() order, as every command orders them, those the rows kept have.
  GroupCodes rows = kept_codes(x, keep), cols = kept_codes(y, keep);
  t.row_levels = std::move(rows.levels);
  t.col_levels = std::move(cols.levels);
  t.nrow = static_cast<int>(t.row_levels.size());
  t.ncol = static_cast<int>(t.col_levels.size());
  t.counts.assign(t.row_levels.size() * t.col_levels.size(), 0.0);
  for (size_t i = 0; i < x.size(); ++i) {
    if (!keep[i]) continue;
    const auto r = static_cast<size_t>(rows.code[i]);
    const auto c = static_cast<size_t>(cols.code[i]);
    t.counts[r * t.col_levels.size() + c] += 1.0;
  }
  return t;
}

TableMargins table_margins(const ContingencyTable& table) {
  TableMargins m;
  const size_t nr = static_cast<size_t>(table.nrow);
  const size_t nc = static_cast<size_t>(table.ncol);
  m.row_totals.assign(nr, 0.0);
  m.col_totals.assign(nc, 0.0);
  for (size_t i = 0; i < nr; ++i) {
    for (size_t j = 0; j < nc; ++j) {
      m.row_totals[i] += table.counts[i * nc + j];
      m.col_totals[j] += table.counts[i * nc + j];
    }
  }
  for (double r : m.row_totals) m.total += r;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  m.col_percent.resize(nr * nc);
  for (size_t i = 0; i < nr; ++i) {
    for (size_t j = 0; j < nc; ++j) {
      const double c = m.col_totals[j];
      m.col_percent[i * nc + j] = c > 0 ? 100.0 * table.counts[i * nc + j] / c : nan;
    }
  }
  m.row_total_percent.resize(nr);
  for (size_t i = 0; i < nr; ++i) {
    m.row_total_percent[i] = m.total > 0 ? 100.0 * m.row_totals[i] / m.total : nan;
  }
  return m;
}

ChisqTestResult chisq_test(const ContingencyTable& table, const ChisqTestOptions& options) {
  ChisqTestResult res;
  res.method = "Pearson's Chi-squared test";
  res.status = check_table("chisq_test", table, false);
  if (!res.status.ok()) return res;
  const size_t r = static_cast<size_t>(table.nrow), c = static_cast<size_t>(table.ncol);
  const std::vector<double>& x = table.counts;
  std::vector<double> sr(r, 0.0), sc(c, 0.0);
  double n = 0.0;
  for (size_t i = 0; i < r; ++i) {
    for (size_t j = 0; j < c; ++j) {
      sr[i] += x[i * c + j];
      sc[j] += x[i * c + j];
    }
  }
  for (size_t i = 0; i < r; ++i) n += sr[i];

  res.expected.resize(r * c);
  res.residuals.resize(r * c);
  res.stdres.resize(r * c);
  double min_dev = kInf;
  bool small = false;
  for (size_t i = 0; i < r; ++i) {
    for (size_t j = 0; j < c; ++j) {
      const double e = sr[i] * sc[j] / n;
      const double v = sc[j] * sr[i] * (n - sr[i]) * (n - sc[j]) / (n * n * n);
      const double o = x[i * c + j];
      res.expected[i * c + j] = e;
      res.residuals[i * c + j] = (o - e) / std::sqrt(e);
      res.stdres[i * c + j] = (o - e) / std::sqrt(v);
      min_dev = std::min(min_dev, std::fabs(o - e));
      small = small || e < 5;
    }
  }
  double yates = 0.0;
  if (options.correct && r == 2 && c == 2) {
    yates = std::min(0.5, min_dev);
    if (yates > 0) {
      res.yates_applied = true;
      res.method += " with Yates' continuity correction";
    }
  }
  // Summed column by column, the order of R's sum() over a matrix.
  double stat = 0.0;
  for (size_t j = 0; j < c; ++j) {
    for (size_t i = 0; i < r; ++i) {
      const double dev = std::fabs(x[i * c + j] - res.expected[i * c + j]) - yates;
      stat += dev * dev / res.expected[i * c + j];
    }
  }
  res.df = static_cast<int>((r - 1) * (c - 1));
  res.statistic = stat;
  res.p = std::isnan(stat) ? kNaN : chisq_upper(stat, static_cast<double>(res.df));
  if (small) res.warning = "Chi-squared approximation may be incorrect";
  std::string empty;
  for (size_t i = 0; i < r; ++i) {
    if (sr[i] == 0)
      empty += (empty.empty() ? "" : ", ") + std::string("row ") + std::to_string(i + 1);
  }
  for (size_t j = 0; j < c; ++j) {
    if (sc[j] == 0) {
      empty += (empty.empty() ? "" : ", ") + std::string("column ") + std::to_string(j + 1);
    }
  }
  if (!empty.empty()) {
    res.warning += (res.warning.empty() ? "" : "; ") + std::string("total 0 in ") + empty +
                   ": expected counts of 0 make the statistic undefined (NaN, as in R)";
  }
  return res;
}

namespace {

// The conditional distribution of the [1,1] cell of a 2 x 2 table given its margins: support
// lo..hi, log of the central hypergeometric density up to a constant.
struct Hyper {
  int lo = 0, hi = 0;
  std::vector<double> logdc;  // log density relative to the mode (0 there)

  // m = first column total, n = second column total, k = first row total.
  Hyper(int m, int n, int k) {
    lo = std::max(0, k - n);
    hi = std::min(k, m);
    const size_t len = static_cast<size_t>(hi - lo + 1);
    // Ratios d(s+1)/d(s) = (m - s)(k - s) / ((s + 1)(n - k + s + 1)), accumulated in logs from
    // the mode outwards, so each term is a short product of exact ratios (no lgamma of large
    // arguments, whose absolute error would grow with n).
    std::vector<double> lr(len > 1 ? len - 1 : 0);
    for (size_t i = 0; i + 1 < len; ++i) {
      const double s = lo + static_cast<double>(i);
      lr[i] = std::log((m - s) * (k - s) / ((s + 1) * (n - k + s + 1)));
    }
    size_t mode = 0;
    while (mode + 1 < len && lr[mode] > 0) ++mode;
    logdc.assign(len, 0.0);
    for (size_t i = mode + 1; i < len; ++i) logdc[i] = logdc[i - 1] + lr[i - 1];
    for (size_t i = mode; i-- > 0;) logdc[i] = logdc[i + 1] - lr[i];
  }

  // Noncentral density at log odds ratio theta, normalised (R's dnhyper()).
  std::vector<double> density(double theta) const {
    std::vector<double> d(logdc.size());
    double mx = -kInf;
    for (size_t i = 0; i < d.size(); ++i) {
      d[i] = logdc[i] + theta * (lo + static_cast<double>(i));
      mx = std::max(mx, d[i]);
    }
    double sum = 0;
    for (double& v : d) {
      v = std::exp(v - mx);
      sum += v;
    }
    for (double& v : d) v /= sum;
    return d;
  }
  double mean(double theta) const {
    const auto d = density(theta);
    double m = 0;
    for (size_t i = 0; i < d.size(); ++i) m += (lo + static_cast<double>(i)) * d[i];
    return m;
  }
  // P(X <= q) or P(X >= q) at theta.
  double tail(int q, double theta, bool upper) const {
    const auto d = density(theta);
    double s = 0;
    for (size_t i = 0; i < d.size(); ++i) {
      const int v = lo + static_cast<int>(i);
      if (upper ? v >= q : v <= q) s += d[i];
    }
    return s;
  }
};

// R's uniroot() at its defaults (tolerance .Machine$double.eps^0.25, 1000 iterations): Brent's
// zero finder as Forsythe, Malcolm & Moler give it (R's zeroin.c), on a bracket [lower, upper]
// whose ends have function values of opposite sign. fisher.test() finds the odds ratio and its
// confidence limits this way; the same steps at the same tolerance give R's numbers, which are
// accurate to about 1e-4 only (a tighter root would disagree with what R prints, by up to 1% on
// large limits).
template <class F>
double r_uniroot(F f, double lower, double upper) {
  const double tol = 1.220703125e-4;  // .Machine$double.eps^0.25
  double a = lower, b = upper, c = lower;
  double fa = f(lower), fb = f(upper), fc = fa;
  if (fa == 0) return a;
  if (fb == 0) return b;
  for (int it = 0; it <= 1000; ++it) {
    const double prev_step = b - a;
    if (std::fabs(fc) < std::fabs(fb)) {  // b is the best approximation so far
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol_act = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + tol / 2;
    double step = (c - b) / 2;
    if (std::fabs(step) <= tol_act || fb == 0) return b;
    // Interpolate (secant with two points, inverse quadratic with three) when the last step
    // was large enough and went the right way; keep it if it lands well inside [b, c].
    if (std::fabs(prev_step) >= tol_act && std::fabs(fa) > std::fabs(fb)) {
      const double cb = c - b;
      double p, q;
      if (a == c) {
        const double t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        const double qa = fa / fc, t1 = fb / fc, t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1.0));
        q = (qa - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (p < 0.75 * cb * q - std::fabs(tol_act * q) / 2 && p < std::fabs(prev_step * q / 2)) {
        step = p / q;
      }
    }
    if (std::fabs(step) < tol_act) step = step > 0 ? tol_act : -tol_act;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {  // keep the root between b and c
      c = a;
      fc = fa;
    }
  }
  return b;
}

// fisher.test()'s root of f(odds ratio): on [0, 1] when the root is known to lie below 1, else
// as 1 / t with t on [eps, 1].
template <class F>
double r_ncp_root(F f, bool below_one) {
  if (below_one) return r_uniroot(f, 0.0, 1.0);
  const double eps = std::numeric_limits<double>::epsilon();
  return 1.0 / r_uniroot([&](double t) { return f(1.0 / t); }, eps, 1.0);
}

void fisher_2x2(const std::vector<double>& t, const FisherTestOptions& opt, FisherTestResult* res) {
  const int x = static_cast<int>(t[0]);
  const int m = static_cast<int>(t[0] + t[2]);  // column 1
  const int n = static_cast<int>(t[1] + t[3]);  // column 2
  const int k = static_cast<int>(t[0] + t[1]);  // row 1
  const Hyper h(m, n, k);
  const std::vector<double> d = h.density(0.0);
  const double dobs = d[static_cast<size_t>(x - h.lo)];
  double p = 0;
  for (double v : d) {
    if (v <= dobs * kFisherRelErr) p += v;
  }
  res->p = std::min(1.0, p);

  // R's mnhyper() and pnhyper() as functions of the odds ratio itself (0 and Inf are the
  // degenerate distributions at lo and hi).
  const auto mean = [&](double ncp) {
    if (ncp == 0) return static_cast<double>(h.lo);
    if (std::isinf(ncp)) return static_cast<double>(h.hi);
    return h.mean(std::log(ncp));
  };
  const auto tail = [&](double ncp, bool upper) {
    if (ncp == 0) return upper ? (x <= h.lo ? 1.0 : 0.0) : (x >= h.lo ? 1.0 : 0.0);
    if (std::isinf(ncp)) return upper ? (x <= h.hi ? 1.0 : 0.0) : (x >= h.hi ? 1.0 : 0.0);
    return h.tail(x, std::log(ncp), upper);
  };
  // As fisher.test(): the conditional MLE solves E(X) = x; the limits solve P(X >= x) = alpha
  // (lower) and P(X <= x) = alpha (upper). Which side of 1 each lies on is read at 1.
  const double xd = static_cast<double>(x);
  if (x == h.lo) {
    res->estimate = 0;
  } else if (x == h.hi) {
    res->estimate = kInf;
  } else {
    const double mu = mean(1.0);
    res->estimate = mu == xd ? 1.0 : r_ncp_root([&](double r) { return mean(r) - xd; }, mu > xd);
  }
  const double alpha = (1 - opt.conf_level) / 2;
  if (x == h.lo) {
    res->conf_lower = 0;
  } else {
    const double pu = tail(1.0, true);
    res->conf_lower =
        pu == alpha ? 1.0 : r_ncp_root([&](double r) { return tail(r, true) - alpha; }, pu > alpha);
  }
  if (x == h.hi) {
    res->conf_upper = kInf;
  } else {
    const double pl = tail(1.0, false);
    res->conf_upper =
        pl == alpha ? 1.0
                    : r_ncp_root([&](double r) { return tail(r, false) - alpha; }, pl < alpha);
  }
}

}  // namespace

FisherTestResult fisher_test(const ContingencyTable& table, const FisherTestOptions& options) {
  FisherTestResult res;
  res.conf_level = options.conf_level;
  res.status = check_table("fisher_test", table, true);
  if (!res.status.ok()) return res;
  if (!(options.conf_level > 0 && options.conf_level < 1)) {
    res.status = Status::invalid(
        "conf_level", 0,
        "fisher_test: conf_level must be in (0, 1) (" + format_number(options.conf_level) + ")");
    return res;
  }
  if (table.nrow == 2 && table.ncol == 2) {
    fisher_2x2(table.counts, options, &res);
    return res;
  }
  res.estimate = res.conf_lower = res.conf_upper = kNaN;
  std::vector<int> rows(static_cast<size_t>(table.nrow), 0),
      cols(static_cast<size_t>(table.ncol), 0);
  int n = 0;
  double sum_lf_cells = 0.0;
  for (int i = 0; i < table.nrow; ++i) {
    for (int j = 0; j < table.ncol; ++j) {
      const int v = static_cast<int>(table.counts[static_cast<size_t>(i) * table.ncol + j]);
      rows[i] += v;
      cols[j] += v;
      n += v;
      sum_lf_cells += std::lgamma(v + 1.0);
    }
  }
  // Empty rows and columns carry no information (only one way to fill them).
  rows.erase(std::remove(rows.begin(), rows.end(), 0), rows.end());
  cols.erase(std::remove(cols.begin(), cols.end(), 0), cols.end());
  if (rows.size() < 2 || cols.size() < 2) {
    res.p = 1.0;  // a single possible table
    return res;
  }
  // log P(observed) under independence given the margins; tables count up to FEXACT's TOL above.
  double logp_obs = -std::lgamma(n + 1.0) - sum_lf_cells;
  for (int v : rows) logp_obs += std::lgamma(v + 1.0);
  for (int v : cols) logp_obs += std::lgamma(v + 1.0);
  const auto net = detail::fisher_network_p(rows, cols, logp_obs + kFexactTol, options.max_work);
  if (net.stop != detail::FisherNetworkOutcome::Stop::finished) {
    res.p = kNaN;
    const std::string why =
        net.stop == detail::FisherNetworkOutcome::Stop::key_too_large
            ? "its row totals are too large to index the network's nodes in 64 bits"
            : "the network algorithm stopped at its work limit, max_work " +
                  format_number(options.max_work);
    res.status =
        Status::error(StatusCode::not_implemented,
                      "fisher_test: this table is too large for an exact p-value here (" + why +
                          "); use the chi-square test, or a Monte Carlo p-value (R: "
                          "fisher.test(tab, simulate.p.value = TRUE))");
    return res;
  }
  res.p = std::max(0.0, std::min(1.0, net.p));
  return res;
}

}  // namespace infant_all
