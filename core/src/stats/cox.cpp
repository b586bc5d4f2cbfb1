#include "infant_all/stats/cox.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

#include "cox_counting.h"
#include "cox_radix_sort.h"
#include "infant_all/format.h"
#include "infant_all/stats/concordance.h"
#include "infant_all/stats/distributions.h"
#include "timefix.h"

namespace infant_all {

const char* to_string(CoxTies ties) { return ties == CoxTies::breslow ? "breslow" : "efron"; }

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Symmetric factorisation with coxph's singularity rule -------------------------------
// m is p x p row-major, symmetric on input. On return the strict lower triangle holds the unit
// lower-triangular L and the diagonal holds D of m = L D L'. A pivot that is not finite or
// below toler * (largest diagonal) marks its variable redundant: D = 0 there and the column of
// L is cleared, which drops the variable exactly as if it were absent. Returns the rank, negated
// when a clearly negative pivot shows the matrix is not non-negative definite (as cholesky2).
int ldl_factor(std::vector<double>& m, int p, double toler) {
  const auto at = [&](int i, int j) -> double& {
    return m[static_cast<std::size_t>(i) * static_cast<std::size_t>(p) +
             static_cast<std::size_t>(j)];
  };
  double biggest = 0;
  for (int i = 0; i < p; ++i) {
    if (at(i, i) > biggest) biggest = at(i, i);
    for (int j = i + 1; j < p; ++j) at(j, i) = at(i, j);
  }
  if (biggest == 0) {
    for (int i = 0; i < p; ++i) {
      at(i, i) = 0;
      for (int j = i + 1; j < p; ++j) at(j, i) = 0;
    }
    return 0;
  }
  const double threshold = biggest * toler;
  int rank = 0;
  int sign = 1;
  for (int i = 0; i < p; ++i) {
    const double pivot = at(i, i);
    if (!std::isfinite(pivot) || pivot < threshold) {
      if (pivot < -8 * threshold) sign = -1;
      at(i, i) = 0;
      for (int j = i + 1; j < p; ++j) at(j, i) = 0;
      continue;
    }
    ++rank;
    for (int j = i + 1; j < p; ++j) {
      const double l = at(j, i) / pivot;
      at(j, i) = l;
      at(j, j) -= l * l * pivot;
      for (int k = j + 1; k < p; ++k) at(k, j) -= l * at(k, i);
    }
  }
  return rank * sign;
}

// Solves (L D L') b = y in place; redundant variables (D = 0) get b = 0.
void ldl_solve(const std::vector<double>& m, int p, double* y) {
  const auto at = [&](int i, int j) {
    return m[static_cast<std::size_t>(i) * static_cast<std::size_t>(p) +
             static_cast<std::size_t>(j)];
  };
  for (int i = 0; i < p; ++i) {
    double v = y[i];
    for (int j = 0; j < i; ++j) v -= at(i, j) * y[j];
    y[i] = v;
  }
  for (int i = p - 1; i >= 0; --i) {
    if (at(i, i) == 0) {
      y[i] = 0;
      continue;
    }
    double v = y[i] / at(i, i);
    for (int j = i + 1; j < p; ++j) v -= at(j, i) * y[j];
    y[i] = v;
  }
}

// Generalised inverse from the factor into inv (p x p): zero rows and columns for redundant
// variables. e is scratch of p elements.
void ldl_inverse(const std::vector<double>& m, int p, std::vector<double>& inv,
                 std::vector<double>& e) {
  const std::size_t ps = static_cast<std::size_t>(p);
  inv.assign(ps * ps, 0.0);
  e.resize(ps);
  for (std::size_t c = 0; c < ps; ++c) {
    std::fill(e.begin(), e.end(), 0.0);
    e[c] = 1;
    ldl_solve(m, p, e.data());
    for (std::size_t r = 0; r < ps; ++r) inv[r * ps + c] = e[r];
  }
  for (std::size_t i = 0; i < ps; ++i) {  // exact symmetry, as chinv2 returns
    if (m[i * ps + i] == 0) {
      for (std::size_t j = 0; j < ps; ++j) inv[i * ps + j] = inv[j * ps + i] = 0;
    }
    for (std::size_t j = 0; j < i; ++j) inv[i * ps + j] = inv[j * ps + i];
  }
}

// ---- The partial likelihood over data sorted by (stratum, time) --------------------------
// a += r x, cm += r x x' (packed lower triangle): the per-row cost of every iteration. A fixed
// column count lets the compiler unroll it; p is small in practice.
template <std::size_t P>
inline void accumulate_fixed(double r, const double* x, double* a, double* cm) {
  // Local copies: the stores into a / cm could otherwise alias x and force reloads.
  double xv[P], rx[P];
  for (std::size_t i = 0; i < P; ++i) {
    xv[i] = x[i];
    rx[i] = r * xv[i];
  }
  std::size_t idx = 0;
  for (std::size_t i = 0; i < P; ++i) {
    a[i] += rx[i];
    for (std::size_t j = 0; j <= i; ++j) cm[idx++] += rx[i] * xv[j];
  }
}

inline void accumulate_row(std::size_t p, double r, const double* x, double* a, double* cm) {
  switch (p) {
    case 1:
      return accumulate_fixed<1>(r, x, a, cm);
    case 2:
      return accumulate_fixed<2>(r, x, a, cm);
    case 3:
      return accumulate_fixed<3>(r, x, a, cm);
    case 4:
      return accumulate_fixed<4>(r, x, a, cm);
    case 5:
      return accumulate_fixed<5>(r, x, a, cm);
    case 6:
      return accumulate_fixed<6>(r, x, a, cm);
    case 7:
      return accumulate_fixed<7>(r, x, a, cm);
    case 8:
      return accumulate_fixed<8>(r, x, a, cm);
    default:
      break;
  }
  std::size_t idx = 0;
  for (std::size_t i = 0; i < p; ++i) {
    const double rx = r * x[i];
    a[i] += rx;
    for (std::size_t j = 0; j <= i; ++j) cm[idx++] += rx * x[j];
  }
}

class PartialLikelihood {
 public:
  // x: n x p row-major (centred/scaled), event: 0/1, both in sorted order. group_end[g] is one
  // past the last row of tied-time group g (groups ascending); stratum_top[g] = 1 when g is the
  // latest time of its stratum (the backward walk starts a fresh risk set there). exits: null
  // for right-censored data; for counting-process data, the rows leaving the risk set.
  PartialLikelihood(const detail::ScratchVector<double>& x, const std::vector<char>& event,
                    std::vector<std::size_t> group_end, std::vector<char> stratum_top, int p,
                    bool efron, const detail::RiskSetExits* exits = nullptr)
      : x_(x),
        event_(event),
        group_end_(std::move(group_end)),
        stratum_top_(std::move(stratum_top)),
        p_(static_cast<std::size_t>(p)),
        efron_(efron),
        exits_(exits),
        eta_(event.size()),
        risk_(event.size()),
        a_(p_),
        a2_(p_),
        cmat_(p_ * (p_ + 1) / 2),
        cmat2_(p_ * (p_ + 1) / 2),
        imat_packed_(p_ * (p_ + 1) / 2),
        group_deaths_(group_end_.size(), 0) {
    for (std::size_t g = 0, k = 0; g < group_end_.size(); ++g) {
      for (; k < group_end_[g]; ++k) group_deaths_[g] += event_[k];
    }
  }

  // Log partial likelihood at beta; fills the score u (p) and information imat (p x p, full).
  double evaluate(const std::vector<double>& beta, std::vector<double>& u,
                  std::vector<double>& imat) {
    const std::size_t n = event_.size(), p = p_;
    for (std::size_t k = 0; k < n; ++k) {
      const double* xk = &x_[k * p];
      double z = 0;
      for (std::size_t j = 0; j < p; ++j) z += beta[j] * xk[j];
      eta_[k] = z;
    }
    for (std::size_t k = 0; k < n; ++k) risk_[k] = std::exp(eta_[k]);

    std::fill(u.begin(), u.end(), 0.0);
    std::fill(imat_packed_.begin(), imat_packed_.end(), 0.0);
    double loglik = 0, denom = 0;
    std::size_t next_exit = 0, n_risk = 0;
    for (std::size_t g = group_end_.size(); g-- > 0;) {
      if (stratum_top_[g]) {
        denom = 0;
        std::fill(a_.begin(), a_.end(), 0.0);
        std::fill(cmat_.begin(), cmat_.end(), 0.0);
        n_risk = 0;
        if (exits_) next_exit = exits_->stratum_begin(exits_->group_stratum[g]);
      }
      if (exits_) remove_exits(g, next_exit, n_risk, denom);
      const std::size_t begin = g == 0 ? 0 : group_end_[g - 1];
      const std::size_t end = group_end_[g];
      const int ndead = group_deaths_[g];
      // Efron needs the tied deaths' sums apart (a2, cmat2); otherwise every row of the group
      // goes straight into the risk-set sums, which is Breslow's (and a single death's) update.
      const bool split = efron_ && ndead > 1;
      double denom2 = 0;
      for (std::size_t k = begin; k < end; ++k) {
        const double* xk = &x_[k * p];
        const double r = risk_[k];
        double* a = a_.data();
        double* cm = cmat_.data();
        if (event_[k]) {
          loglik += eta_[k];
          for (std::size_t j = 0; j < p; ++j) u[j] += xk[j];
          if (split) {
            denom2 += r;
            a = a2_.data();
            cm = cmat2_.data();
          } else {
            denom += r;
          }
        } else {
          denom += r;
        }
        accumulate_row(p, r, xk, a, cm);
      }
      n_risk += end - begin;
      if (ndead == 0) continue;
      add_deaths(ndead, split, denom2, denom, loglik, u);
    }
    std::size_t idx = 0;
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j <= i; ++j, ++idx) {
        imat[i * p + j] = imat[j * p + i] = imat_packed_[idx];
      }
    }
    return loglik;
  }

 private:
  // The ndead deaths of one tied-time group: their terms of the log-likelihood, the score u
  // and the information, added in place in the order of a single loop. Breslow: the deaths
  // share one denominator. Efron: ndead steps, the k-th death's denominator keeping
  // (ndead - k) / ndead of the tied deaths' risk, in coxfit6's order of operations so that
  // sums match R's to rounding.
  // (Reciprocals replace the divisions of the inner loops: same values to rounding.)
  void add_deaths(int ndead, bool split, double denom2, double& denom, double& loglik,
                  std::vector<double>& u) {
    const std::size_t p = p_, np = cmat_.size();
    const int steps = split ? ndead : 1;
    const double wt = static_cast<double>(ndead) / steps;
    const double inv_dead = 1.0 / ndead;
    for (int s = 0; s < steps; ++s) {
      if (split) {
        denom += denom2 * inv_dead;
        for (std::size_t i = 0; i < p; ++i) a_[i] += a2_[i] * inv_dead;
        for (std::size_t i = 0; i < np; ++i) cmat_[i] += cmat2_[i] * inv_dead;
      }
      loglik -= wt * std::log(denom);
      const double inv_denom = 1.0 / denom;
      const double wt_denom = wt * inv_denom;
      std::size_t idx = 0;
      for (std::size_t i = 0; i < p; ++i) {
        const double mean_i = a_[i] * inv_denom;
        u[i] -= wt * mean_i;
        for (std::size_t j = 0; j <= i; ++j, ++idx) {
          imat_packed_[idx] += wt_denom * (cmat_[idx] - mean_i * a_[j]);
        }
      }
    }
    if (split) {
      for (std::size_t i = 0; i < p; ++i) a2_[i] = 0;
      for (std::size_t i = 0; i < np; ++i) cmat2_[i] = 0;
    }
  }

  // Counting-process data: before group g's rows go in, the rows whose interval starts at or
  // after its time t (entry >= t) come out of the risk-set sums, as agfit4 does. A risk set
  // that empties is zeroed exactly rather than left with rounding residue (agfit4 likewise).
  void remove_exits(std::size_t g, std::size_t& next, std::size_t& n_risk, double& denom) {
    const detail::RiskSetExits& e = *exits_;
    const double t = e.group_time[g];
    const std::size_t end = e.stratum_end[e.group_stratum[g]];
    for (; next < end && e.entry[next] >= t; ++next) {
      if (--n_risk == 0) {
        denom = 0;
        std::fill(a_.begin(), a_.end(), 0.0);
        std::fill(cmat_.begin(), cmat_.end(), 0.0);
        continue;
      }
      const std::size_t k = e.pos[next];
      denom -= risk_[k];
      accumulate_row(p_, -risk_[k], &x_[k * p_], a_.data(), cmat_.data());
    }
  }

  const detail::ScratchVector<double>& x_;
  const std::vector<char>& event_;
  std::vector<std::size_t> group_end_;
  std::vector<char> stratum_top_;
  std::size_t p_;
  bool efron_;
  const detail::RiskSetExits* exits_;
  detail::ScratchVector<double> eta_, risk_;
  std::vector<double> a_, a2_, cmat_, cmat2_, imat_packed_;
  std::vector<int> group_deaths_;
};

// ---- Prepare: checks by argument name, design, sort, tied rows, centring ------------------
// As coxph.R does before it calls coxph.fit. Everything here is built once per fit.

// What the Newton iterations and the summary read.
struct CoxDesign {
  ModelMatrix mm;                      // original units; kept rows in input order
  std::vector<int> stratum;            // per kept row, codes of the kept levels; empty: no strata
  std::vector<double> kept_time;       // per kept row, after the timefix merge (for the C index)
  std::vector<double> means, scale;    // centring and scaling of each design column
  detail::ScratchVector<double> x;     // n x p row-major: sorted, centred, scaled
  std::vector<char> event;             // sorted
  std::vector<std::size_t> group_end;  // one past the last sorted row of each tied-time group
  std::vector<char> stratum_top;       // 1 when the group is the latest time of its stratum
  int events = 0;
  bool counting = false;           // entry given: Surv(entry, time, status)
  detail::RiskSetExits exits;      // counting only: rows leaving the risk set
  std::vector<double> kept_entry;  // counting only: per kept row, after the timefix merge
};

// The rows in fit order: by stratum, then time, tied rows in the canonical order.
struct SortedRows {
  detail::ScratchVector<std::uint32_t> order;  // kept row at each sorted position
  detail::ScratchVector<double> time;          // its time, after the timefix merge
  std::vector<std::size_t> stratum_end;        // one past each stratum's last position
};

// Checks that need no pass over the rows: lengths, codes, options.
Status check_arguments(const std::vector<double>& time, const std::vector<double>& entry,
                       const std::vector<int>& status, const std::vector<Covariate>& covariates,
                       const GroupCodes& strata, const TimeOrder* order, const CoxOptions& options,
                       const std::string& fn) {
  const std::size_t n_in = time.size();
  if (n_in == 0) return Status::invalid("time", 0, fn + "time is empty");
  if (status.size() != n_in) {
    return Status::invalid("status", 0,
                           fn + "status has length " + std::to_string(status.size()) +
                               ", expected " + std::to_string(n_in) + " (length of time)");
  }
  if (!strata.empty() && strata.size() != n_in) {
    return Status::invalid("strata", 0,
                           fn + "strata has length " + std::to_string(strata.size()) +
                               ", expected " + std::to_string(n_in) + " (length of time)");
  }
  if (!entry.empty() && entry.size() != n_in) {
    return Status::invalid("entry", 0,
                           fn + "entry has length " + std::to_string(entry.size()) + ", expected " +
                               std::to_string(n_in) + " (length of time)");
  }
  if (Status bad = check_codes(strata, "strata", fn); !bad.ok()) return bad;
  if (Status bad = check_order(order, n_in, fn); !bad.ok()) return bad;
  if (covariates.empty()) {
    return Status::invalid("covariates", 0,
                           fn + "covariates is empty (the null model is not supported)");
  }
  for (const Covariate& c : covariates) {
    if (c.is_interaction()) continue;  // no values of its own (model_matrix checks it)
    const std::size_t len = c.size();
    if (len != n_in) {
      return Status::invalid(c.name, 0,
                             fn + "covariate " + c.name + " has length " + std::to_string(len) +
                                 ", expected " + std::to_string(n_in) + " (length of time)");
    }
  }
  if (!(options.conf_level > 0 && options.conf_level < 1)) {
    return Status::invalid(
        "conf_level", 0,
        fn + "conf_level must be in (0, 1) (" + format_number(options.conf_level) + ")");
  }
  if (options.iter_max < 0 || !(options.eps > 0) || !(options.toler_chol > 0) ||
      !(options.toler_inf > 0)) {
    return Status::invalid("options", 0,
                           fn + "invalid control options (iter_max >= 0, eps, toler_chol, "
                                "toler_inf > 0)");
  }
  return Status{};
}

// Flags rows with a missing time, status or stratum; a present but invalid value is an error.
Status flag_missing(const std::vector<double>& time, const std::vector<int>& status,
                    const GroupCodes& strata, const std::string& fn, std::vector<char>& missing) {
  const std::size_t n_in = time.size();
  missing.assign(n_in, 0);
  for (std::size_t i = 0; i < n_in; ++i) {
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    if (std::isnan(time[i])) {
      missing[i] = 1;
    } else if (std::isinf(time[i])) {
      return Status::invalid("time", i + 1,
                             fn + "time" + row() + " is infinite (" + format_number(time[i]) + ")");
    } else if (time[i] < 0) {
      return Status::invalid("time", i + 1,
                             fn + "time" + row() + " is negative (" + format_number(time[i]) + ")");
    }
    if (status[i] == kCoxStatusMissing) {
      missing[i] = 1;
    } else if (status[i] != 0 && status[i] != 1) {
      return Status::invalid(
          "status", i + 1,
          fn + "status" + row() + " is not 0 or 1 (" + std::to_string(status[i]) + ")");
    }
    if (!strata.empty() && strata.code[i] < 0) missing[i] = 1;
  }
  return Status{};
}

// One sort by time (ties in input order, like R's order()) or the kept rows taken in the
// supplied order, the timefix merge on the sorted times, then a stable counting pass by
// stratum (skipped without strata, where it would be the identity): (stratum, time) order for
// the whole fit. Also fills d.kept_time. False when `order` is not that of `time`.
bool sort_rows(const std::vector<double>& time, const TimeOrder* order, bool timefix, CoxDesign& d,
               SortedRows& s) {
  const std::vector<std::size_t>& kept = d.mm.kept_rows;
  const std::size_t n = kept.size();
  detail::ScratchVector<detail::KeyedRow> by_time(n);
  if (order) {
    // The kept rows' positions among the kept rows, by input row (n_in = none).
    std::vector<std::uint32_t> slot(time.size(), static_cast<std::uint32_t>(time.size()));
    for (std::size_t k = 0; k < n; ++k) slot[kept[k]] = static_cast<std::uint32_t>(k);
    std::size_t pos = 0;
    const auto is_kept = [&](std::size_t i) { return slot[i] != time.size(); };
    const auto take = [&](std::size_t i) {
      if (pos < n) by_time[pos] = {0, slot[i]};  // more than n: the walk then fails
      ++pos;
    };
    if (!walk_order(*order, time, n, is_kept, take)) return false;
  } else {
    for (std::size_t k = 0; k < n; ++k) {
      by_time[k] = {detail::sortable_bits(time[kept[k]]), static_cast<std::uint32_t>(k)};
    }
    detail::radix_sort(by_time);  // stable: ties stay in input order
  }
  detail::ScratchVector<double> st(n);
  for (std::size_t k = 0; k < n; ++k) st[k] = time[kept[by_time[k].row]];
  if (timefix) detail::merge_near_ties(st.data(), st.data() + st.size());
  d.kept_time.resize(n);
  for (std::size_t k = 0; k < n; ++k) d.kept_time[by_time[k].row] = st[k];
  s.order.resize(n);
  if (d.stratum.empty()) {
    for (std::size_t k = 0; k < n; ++k) s.order[k] = by_time[k].row;
    s.time.swap(st);
    s.stratum_end.assign(1, n);
    return true;
  }
  int n_strata = 1;
  for (int v : d.stratum) n_strata = std::max(n_strata, v + 1);
  s.time.resize(n);
  std::vector<std::size_t>& start = s.stratum_end;  // becomes each stratum's end
  start.assign(static_cast<std::size_t>(n_strata), 0);
  for (int v : d.stratum) {
    if (v + 1 < n_strata) ++start[static_cast<std::size_t>(v) + 1];
  }
  for (std::size_t v = 1; v < start.size(); ++v) start[v] += start[v - 1];
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t row = by_time[k].row;
    const std::size_t pos = start[static_cast<std::size_t>(d.stratum[row])]++;
    s.order[pos] = row;
    s.time[pos] = st[k];
  }
  return true;
}

// Rows tied on (stratum, time) in a canonical order: event, then covariates, then the raw
// time (timefix may have merged it). Every sum of the fit then runs in the same order whatever
// the order of the input rows, so a fit is bit-identical under row permutation and its status
// (monotone, singular, not converged) cannot flip with it. The event and the first column are
// gathered once per row into a small buffer (they decide most comparisons); the other columns
// are read only to break ties on those.
void order_tied_rows(const std::vector<double>& time, const std::vector<int>& status,
                     const ModelMatrix& mm, SortedRows& s) {
  struct TieKey {
    std::uint64_t first;  // sortable bits of column 0
    std::uint32_t row;
    std::uint32_t event;
  };
  const auto rest_before = [&](std::uint32_t a, std::uint32_t b) {
    for (std::size_t j = 1; j < mm.columns.size(); ++j) {
      const std::uint64_t xa = detail::sortable_bits(mm.columns[j][a]);
      const std::uint64_t xb = detail::sortable_bits(mm.columns[j][b]);
      if (xa != xb) return xa < xb;
    }
    return detail::sortable_bits(time[mm.kept_rows[a]]) <
           detail::sortable_bits(time[mm.kept_rows[b]]);
  };
  const auto before = [&](const TieKey& a, const TieKey& b) {
    if (a.event != b.event) return a.event > b.event;
    if (a.first != b.first) return a.first < b.first;
    return rest_before(a.row, b.row);
  };
  const std::vector<double>& col0 = mm.columns[0];
  std::vector<TieKey> group;
  const auto sort_group = [&](std::size_t a, std::size_t r) {
    group.clear();
    for (std::size_t k = a; k < r; ++k) {
      const std::uint32_t row = s.order[k];
      group.push_back({detail::sortable_bits(col0[row]), row,
                       static_cast<std::uint32_t>(status[mm.kept_rows[row]] == 1)});
    }
    std::sort(group.begin(), group.end(), before);
    for (std::size_t k = a; k < r; ++k) s.order[k] = group[k - a].row;
  };
  // Groups of rows tied on (stratum, time): [a, r) for each.
  const auto for_each_group = [&](auto&& fn) {
    std::size_t begin = 0;
    for (const std::size_t end : s.stratum_end) {
      std::size_t a = begin;
      for (std::size_t r = begin + 1; r <= end; ++r) {
        if (r == end || s.time[r] != s.time[a]) {
          if (r - a > 1) fn(a, r);
          a = r;
        }
      }
      begin = end;
    }
  };
  std::size_t largest = 0;
  for_each_group([&](std::size_t a, std::size_t r) { largest = std::max(largest, r - a); });
  group.reserve(largest);  // one allocation, not one per larger group
  for_each_group(sort_group);
}

// Centring and scaling as coxfit6 does, except for columns coded within {-1, 0, 1}; sums run
// in sorted order, as coxfit6's do.
Status centre_and_scale(const ModelMatrix& mm, const SortedRows& s, const std::string& fn,
                        std::vector<double>& means, std::vector<double>& scale) {
  const std::size_t ps = mm.columns.size(), n = s.order.size();
  means.assign(ps, 0.0);
  scale.assign(ps, 1.0);
  for (std::size_t j = 0; j < ps; ++j) {
    const std::vector<double>& col = mm.columns[j];
    bool zero_one = true;
    for (double v : col) {
      if (v != 0 && v != 1 && v != -1) {
        zero_one = false;
        break;
      }
    }
    if (zero_one) continue;
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r) sum += col[s.order[r]];
    means[j] = sum / static_cast<double>(n);
    double mad = 0;
    for (std::size_t r = 0; r < n; ++r) mad += std::fabs(col[s.order[r]] - means[j]);
    scale[j] = mad > 0 ? static_cast<double>(n) / mad : 1.0;
    // coxfit6 would go on with an infinite scale (values around 1e-300) or mean (around 1e308)
    // and report NaN coefficients as a clean fit; say what is wrong instead.
    if (!std::isfinite(means[j]) || !std::isfinite(scale[j])) {
      return Status::invalid(mm.names[j], 0,
                             fn + "covariate " + mm.names[j] +
                                 " cannot be centred and scaled in double precision " + "(mean " +
                                 format_number(means[j], 6) + ", mean absolute deviation " +
                                 format_number(mad / static_cast<double>(n), 6) +
                                 "); rescale it, e.g. to other units");
    }
  }
  return Status{};
}

// The sorted, centred, scaled design (columns read in order, whole rows written to place) and
// the tied-time groups the partial likelihood walks.
void build_design(const std::vector<int>& status, const SortedRows& s, CoxDesign& d) {
  const ModelMatrix& mm = d.mm;
  const std::size_t n = s.order.size(), ps = mm.columns.size();
  d.x.resize(n * ps);
  {
    detail::ScratchVector<std::uint32_t> position(n);
    for (std::size_t r = 0; r < n; ++r) position[s.order[r]] = static_cast<std::uint32_t>(r);
    for (std::size_t k = 0; k < n; ++k) {
      double* row = &d.x[static_cast<std::size_t>(position[k]) * ps];
      for (std::size_t j = 0; j < ps; ++j) row[j] = (mm.columns[j][k] - d.means[j]) * d.scale[j];
    }
  }
  d.event.resize(n);
  d.events = 0;
  std::size_t begin = 0;
  for (const std::size_t end : s.stratum_end) {
    for (std::size_t r = begin; r < end; ++r) {
      d.event[r] = static_cast<char>(status[mm.kept_rows[s.order[r]]] == 1);
      d.events += d.event[r];
      const bool top = r + 1 == end;
      if (top || s.time[r + 1] != s.time[r]) {
        d.group_end.push_back(r + 1);
        d.stratum_top.push_back(static_cast<char>(top));
      }
    }
    begin = end;
  }
}

// Checks, design, sort, tied rows, centring. res receives n, events and the excluded rows.
Status prepare(const CoxInput& input, const CoxOptions& options, const std::string& fn,
               CoxDesign& d, CoxResult& res) {
  const std::vector<double>& time = input.time;
  const std::vector<int>& status = input.status;
  const GroupCodes& strata = input.strata;
  if (Status bad = check_arguments(time, input.entry, status, input.covariates, strata,
                                   input.order.get(), options, fn);
      !bad.ok()) {
    return bad;
  }
  std::vector<char> missing;
  if (Status bad = flag_missing(time, status, strata, fn, missing); !bad.ok()) return bad;
  d.counting = !input.entry.empty();
  if (d.counting) {
    if (Status bad = detail::check_entry(input.entry, time, fn, missing); !bad.ok()) return bad;
  }
  d.mm = model_matrix(input.covariates, missing);
  res.n_excluded = d.mm.n_excluded;
  res.excluded_rows = d.mm.excluded_rows;
  if (!d.mm.status.ok()) {
    Status bad = std::move(d.mm.status);
    bad.message = fn + bad.message;
    return bad;
  }
  const std::size_t n = d.mm.kept_rows.size();
  res.n = static_cast<int>(n);
  if (n == 0) return Status::invalid(fn + "no rows left after excluding missing values");
  if (!strata.empty()) {
    // Stratum codes in label order (codes only group rows; their order does not matter).
    std::vector<char>& kept = missing;  // reused: now 1 for the rows the fit uses
    std::fill(kept.begin(), kept.end(), 0);
    for (std::size_t k = 0; k < n; ++k) kept[d.mm.kept_rows[k]] = 1;
    const GroupCodes kept_strata = kept_codes(strata, kept);
    d.stratum.resize(n);
    for (std::size_t k = 0; k < n; ++k) d.stratum[k] = kept_strata.code[d.mm.kept_rows[k]];
  }
  SortedRows s;
  std::vector<double>& kept_entry = d.kept_entry;
  if (d.counting) {
    // Entry and time merged together (aeqSurv on both columns), then sorted by time alone; the
    // shared order is of time before the merge with entry, so it is not used.
    std::vector<double> merged_time;
    if (Status bad = detail::merge_counting_times(time, input.entry, d.mm.kept_rows,
                                                  options.timefix, fn, merged_time, kept_entry);
        !bad.ok()) {
      return bad;
    }
    sort_rows(merged_time, nullptr, false, d, s);
  } else if (!sort_rows(time, input.order.get(), options.timefix, d, s)) {
    return order_mismatch(fn);
  }
  order_tied_rows(time, status, d.mm, s);
  if (Status bad = centre_and_scale(d.mm, s, fn, d.means, d.scale); !bad.ok()) return bad;
  build_design(status, s, d);
  if (d.counting)
    d.exits = detail::build_exits(kept_entry, s.order.data(), s.time.data(), s.stratum_end);
  res.events = d.events;
  if (d.events == 0) {
    return Status::invalid("status", 0,
                           fn + "no events among the " + std::to_string(n) + " rows used");
  }
  return Status{};
}

// ---- Kernel: Newton-Raphson with step halving, as coxfit6 ---------------------------------

struct NewtonFit {
  std::vector<double> beta, u, imat, var_scaled;  // p, p, p x p factored, p x p
  double loglik0 = 0, loglik = 0, score_test = 0;
  int rank = 0, iterations = 0;
  bool converged = false;
};

// Every workspace is sized before the first evaluation; the iterations then run in place and
// allocate nothing (the partial likelihood owns its n-row buffers).
NewtonFit fit_newton(PartialLikelihood& pl, int p, const CoxOptions& options) {
  const std::size_t ps = static_cast<std::size_t>(p);
  NewtonFit f;
  f.beta.assign(ps, 0.0);
  f.u.resize(ps);
  f.imat.resize(ps * ps);
  f.var_scaled.resize(ps * ps);
  std::vector<double> newbeta(ps), step(ps);
  std::vector<double>&beta = f.beta, &u = f.u, &imat = f.imat;

  f.loglik0 = pl.evaluate(beta, u, imat);
  f.loglik = f.loglik0;
  step = u;
  f.rank = ldl_factor(imat, p, options.toler_chol);
  ldl_solve(imat, p, step.data());
  for (std::size_t j = 0; j < ps; ++j) f.score_test += u[j] * step[j];

  const int iter_max = options.iter_max;
  if (iter_max == 0 || !std::isfinite(f.loglik0)) {
    ldl_inverse(imat, p, f.var_scaled, step);
    f.converged = true;  // R's coxfit6 reports no failure here; there was nothing to iterate
    return f;
  }
  double best = f.loglik0;
  for (std::size_t j = 0; j < ps; ++j) newbeta[j] = beta[j] + step[j];
  int halving = 0;
  for (f.iterations = 1; f.iterations <= iter_max; ++f.iterations) {
    const double newlk = pl.evaluate(newbeta, u, imat);
    f.rank = ldl_factor(imat, p, options.toler_chol);
    bool finite = std::isfinite(newlk);
    for (double v : u) finite = finite && std::isfinite(v);
    for (double v : imat) finite = finite && std::isfinite(v);
    if (finite && std::fabs(1 - best / newlk) <= options.eps) {
      f.loglik = newlk;
      beta = newbeta;
      ldl_inverse(imat, p, f.var_scaled, step);
      f.converged = true;
      return f;
    }
    if (!finite || newlk < best) {
      ++halving;  // back towards the last good beta, more firmly each time
      for (std::size_t j = 0; j < ps; ++j) {
        newbeta[j] = (newbeta[j] + halving * beta[j]) / (halving + 1.0);
      }
    } else {
      halving = 0;
      best = newlk;
      step = u;
      ldl_solve(imat, p, step.data());
      beta = newbeta;
      for (std::size_t j = 0; j < ps; ++j) newbeta[j] = newbeta[j] + step[j];
    }
  }
  // Out of iterations: report the last accepted beta with its own score and information.
  // (coxfit6 here inverts only the diagonal of the information matrix, a quirk not copied:
  // our var is the full inverse.)
  f.loglik = iter_max > 1 ? pl.evaluate(beta, u, imat) : best;
  if (iter_max > 1) f.rank = ldl_factor(imat, p, options.toler_chol);
  ldl_inverse(imat, p, f.var_scaled, step);
  return f;
}

// ---- Summarise: original scale, terms, tests, concordance, status -------------------------

// beta' V^-1 beta over the estimated coefficients, as coxph.wtest, but on the correlation scale:
// b_i / sqrt(V_ii) and V_ij / sqrt(V_ii V_jj). The statistic is the same number, and the
// factorisation's tolerance (toler_chol) then judges collinearity, not units: R's wald.test,
// on V as it is, drops a direction of a covariate with SD ~1e-6 and reports 1.65 where
// b'V^-1 b is 6.36; here rescaling a covariate never changes the test (docs/CONTRACT.md,
// deliberate differences from R).
double wald_statistic(const std::vector<double>& coef, const std::vector<double>& var,
                      const std::vector<char>& singular, double toler_chol) {
  const std::size_t ps = coef.size();
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < ps; ++i) {
    const double vii = var[i * ps + i];
    if (!singular[i] && std::isfinite(vii) && vii > 0) keep.push_back(i);
  }
  const int q = static_cast<int>(keep.size());
  std::vector<double> v(keep.size() * keep.size()), b(keep.size()), sol;
  for (std::size_t a = 0; a < keep.size(); ++a) {
    const double sa = std::sqrt(var[keep[a] * ps + keep[a]]);
    b[a] = coef[keep[a]] / sa;
    for (std::size_t c = 0; c < keep.size(); ++c) {
      const double sc = std::sqrt(var[keep[c] * ps + keep[c]]);
      v[a * keep.size() + c] = var[keep[a] * ps + keep[c]] / (sa * sc);
    }
  }
  sol = b;
  ldl_factor(v, q, toler_chol);
  ldl_solve(v, q, sol.data());
  double w = 0;
  for (std::size_t a = 0; a < keep.size(); ++a) w += b[a] * sol[a];
  return w;
}

// Harrell's C of the linear predictor, centred as coxph's, singular coefficients counting as
// 0 (coef is still on the original scale, before NA is written in).
void set_concordance(const CoxDesign& d, const std::vector<int>& status,
                     const std::vector<double>& coef, CoxResult& res) {
  const std::size_t n = d.mm.kept_rows.size(), ps = coef.size();
  std::vector<double> lp(n, 0.0);
  double offset = 0;
  for (std::size_t j = 0; j < ps; ++j) offset += coef[j] * d.means[j];
  for (std::size_t j = 0; j < ps; ++j) {
    const std::vector<double>& col = d.mm.columns[j];
    const double b = coef[j];
    for (std::size_t k = 0; k < n; ++k) lp[k] += col[k] * b;
  }
  for (double& v : lp) v -= offset;
  std::vector<int> ev(n);
  for (std::size_t k = 0; k < n; ++k) ev[k] = status[d.mm.kept_rows[k]];
  const ConcordanceResult c =
      d.counting ? concordance_counting(d.kept_entry, d.kept_time, ev, lp, d.stratum, true)
                 : concordance(d.kept_time, ev, lp, d.stratum, true);
  res.concordance = c.concordance;
  res.concordance_se = c.std_err;
}

// Status: running out of iterations first, then overflow, infinite coefficients, redundancy.
Status fit_status(const CoxResult& res, const ModelMatrix& mm, const std::vector<char>& singular,
                  const std::vector<char>& infinite, bool converged, int iter_max, int df,
                  const std::string& fn) {
  const std::size_t ps = singular.size();
  // A finite fit on the scaled covariates can overflow when scaled back (a covariate on a
  // 1e-300 scale has scale factor 1e300): report that rather than "ok" with an infinite SE.
  std::string overflow;
  for (std::size_t i = 0; i < ps; ++i) {
    if (singular[i] || infinite[i]) continue;
    if (!std::isfinite(res.terms[i].coef) || !std::isfinite(res.terms[i].se)) {
      overflow += (overflow.empty() ? "" : ", ") + mm.names[i];
    }
  }
  std::string msg;
  if (!converged) {
    return Status::error(
        StatusCode::not_converged,
        fn + "ran out of iterations (" + std::to_string(iter_max) + ") and did not converge");
  }
  if (!overflow.empty()) {
    return Status::invalid(fn + "the coefficient or its standard error of " + overflow +
                           " is not finite in the covariate's own units; rescale it");
  }
  if (!res.infinite_terms.empty()) {
    for (std::size_t i = 0; i < res.infinite_terms.size(); ++i) {
      msg += (i ? ", " : "") + res.infinite_terms[i];
    }
    return Status::error(StatusCode::monotone_likelihood,
                         fn + "loglik converged before variable " + msg +
                             "; coefficient may be infinite (monotone likelihood)");
  }
  if (df < static_cast<int>(ps)) {
    for (std::size_t i = 0; i < ps; ++i) {
      if (singular[i]) msg += (msg.empty() ? "" : ", ") + mm.names[i];
    }
    return Status::error(StatusCode::singular,
                         fn + "X matrix deemed to be singular; coefficient NA for " + msg);
  }
  return Status{};
}

void summarise(const CoxDesign& d, NewtonFit& f, const std::vector<int>& status,
               const CoxOptions& options, const std::string& fn, CoxResult& res) {
  const ModelMatrix& mm = d.mm;
  const std::size_t ps = mm.columns.size();
  const int p = static_cast<int>(ps);
  std::vector<double>& u = f.u;
  // Back to the original scale.
  std::vector<double> coef(ps), var(ps * ps);
  for (std::size_t i = 0; i < ps; ++i) {
    coef[i] = f.beta[i] * d.scale[i];
    u[i] /= d.scale[i];
    for (std::size_t j = 0; j < ps; ++j)
      var[i * ps + j] = f.var_scaled[i * ps + j] * d.scale[i] * d.scale[j];
  }
  std::vector<char> singular(ps, 0);
  if (f.rank < p) {
    for (std::size_t i = 0; i < ps; ++i) singular[i] = var[i * ps + i] == 0;
  }
  // The monotone-likelihood check of coxph.fit: the Newton step still pending per variable.
  std::vector<char> infinite(ps, 0);
  if (f.converged && options.iter_max > 1) {
    for (std::size_t i = 0; i < ps; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < ps; ++j) s += u[j] * var[j * ps + i];
      s = std::fabs(s);
      infinite[i] =
          !std::isfinite(u[i]) || (s > options.eps && s > options.toler_inf * std::fabs(coef[i]));
    }
  }
  set_concordance(d, status, coef, res);

  int df = 0;
  for (std::size_t i = 0; i < ps; ++i) {
    if (singular[i]) coef[i] = kNaN;
    if (!singular[i]) ++df;
  }
  const double z = norm_two_sided_z(options.conf_level);
  res.terms.resize(ps);
  for (std::size_t i = 0; i < ps; ++i) {
    CoxTerm& t = res.terms[i];
    t.name = mm.names[i];
    t.coef = coef[i];
    t.se = singular[i] ? kNaN : std::sqrt(var[i * ps + i]);
    t.z = t.coef / t.se;
    t.p = chisq_upper(t.z * t.z, 1);
    if (singular[i] || infinite[i]) {
      t.hr = t.lower = t.upper = kNaN;
    } else {
      t.hr = std::exp(t.coef);
      t.lower = std::exp(t.coef - z * t.se);
      t.upper = std::exp(t.coef + z * t.se);
    }
    if (infinite[i]) res.infinite_terms.push_back(mm.names[i]);
  }
  res.loglik = {f.loglik0, f.loglik};
  res.iterations = f.iterations;
  res.converged = f.converged;
  const double dfd = static_cast<double>(df);
  res.lr = {2 * (f.loglik - f.loglik0), dfd, chisq_upper(2 * (f.loglik - f.loglik0), dfd)};
  res.score = {f.score_test, dfd, chisq_upper(f.score_test, dfd)};
  const double w = wald_statistic(coef, var, singular, options.toler_chol);
  res.wald = {w, dfd, chisq_upper(w, dfd)};
  res.status = fit_status(res, mm, singular, infinite, f.converged, options.iter_max, df, fn);
  res.var = std::move(var);
  res.means = d.means;
  res.assign = mm.term;
}

}  // namespace

CoxResult cox_ph(const CoxInput& input, const CoxOptions& options) {
  CoxResult res;
  res.ties = to_string(options.ties);
  const std::string fn = "cox_ph: ";
  CoxDesign d;
  res.status = prepare(input, options, fn, d, res);
  if (!res.status.ok()) return res;
  const int p = static_cast<int>(d.mm.columns.size());
  NewtonFit fit;
  {
    PartialLikelihood pl(d.x, d.event, std::move(d.group_end), std::move(d.stratum_top), p,
                         options.ties == CoxTies::efron, d.counting ? &d.exits : nullptr);
    fit = fit_newton(pl, p, options);
  }
  // The sorted design and the likelihood's buffers are done with: their memory goes back
  // before the concordance asks for about as much again (fewer fresh pages per fit).
  detail::ScratchVector<double>().swap(d.x);
  std::vector<char>().swap(d.event);
  summarise(d, fit, input.status, options, fn, res);
  return res;
}

std::vector<CoxFactorCounts> cox_factor_counts(const CoxInput& input, const CoxResult& fit) {
  std::vector<CoxFactorCounts> out;
  if (fit.status.code == StatusCode::invalid_argument) return out;
  const std::size_t n = input.time.size();
  std::vector<char> used(n, 1);
  for (const int row : fit.excluded_rows) used[static_cast<std::size_t>(row - 1)] = 0;
  for (const Covariate& cov : input.covariates) {
    if (!cov.is_categorical || cov.is_interaction()) continue;
    const GroupCodes& g = cov.categorical;
    std::vector<int> rows(g.levels.size(), 0), events(g.levels.size(), 0);
    for (std::size_t i = 0; i < n && i < g.size(); ++i) {
      if (!used[i] || g.code[i] < 0) continue;
      ++rows[static_cast<std::size_t>(g.code[i])];
      if (input.status[i] == 1) ++events[static_cast<std::size_t>(g.code[i])];
    }
    CoxFactorCounts f;
    f.covariate = cov.name;
    // The levels the fit saw (factor order), the reference first as R's relevel() puts it.
    for (std::size_t l = 0; l < g.levels.size(); ++l) {
      if (rows[l] == 0) continue;
      const bool is_ref = cov.reference.empty() ? f.levels.empty() : g.levels[l] == cov.reference;
      CoxLevelCount c{g.levels[l], is_ref ? std::string() : cov.name + g.levels[l], rows[l],
                      events[l], is_ref};
      if (is_ref) {
        f.reference = g.levels[l];
        f.levels.insert(f.levels.begin(), std::move(c));
      } else {
        f.levels.push_back(std::move(c));
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace infant_all
