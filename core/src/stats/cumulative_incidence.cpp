#include "infant_all/stats/cumulative_incidence.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_data.h"

namespace infant_all {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kFn = "cumulative_incidence: ";

bool is_missing_label(const std::string& s) { return s.empty() || s == "NA"; }

// Level order: the one of every command (survival_data.h factor_levels).
std::vector<std::string> ordered_levels(std::vector<std::string> levels) {
  return factor_levels(std::move(levels));
}

// Codes the labels of the rows in `use` as 0..L-1 in level order (-1 elsewhere). Few distinct
// labels is the usual case, so a linear scan of the levels seen so far beats hashing each row;
// a hash map takes over once there are many.
struct Encoded {
  std::vector<int> code;
  std::vector<std::string> levels;
};

Encoded encode_labels(const std::vector<std::string>& x, const std::vector<char>& use) {
  constexpr size_t kLinearMax = 16;
  Encoded e;
  e.code.assign(x.size(), -1);
  std::vector<std::string> seen;
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!use[i]) continue;
    const std::string& s = x[i];
    int c = -1;
    if (seen.size() <= kLinearMax) {
      for (size_t k = 0; k < seen.size(); ++k) {
        if (seen[k] == s) {
          c = static_cast<int>(k);
          break;
        }
      }
    } else {
      const auto it = index.find(s);
      if (it != index.end()) c = it->second;
    }
    if (c < 0) {
      c = static_cast<int>(seen.size());
      seen.push_back(s);
      if (seen.size() > kLinearMax) {
        if (index.empty()) {
          for (size_t k = 0; k < seen.size(); ++k) index.emplace(seen[k], static_cast<int>(k));
        } else {
          index.emplace(s, c);
        }
      }
    }
    e.code[i] = c;
  }
  e.levels = ordered_levels(seen);
  std::vector<int> remap(seen.size());
  for (size_t k = 0; k < seen.size(); ++k) {
    remap[k] =
        static_cast<int>(std::find(e.levels.begin(), e.levels.end(), seen[k]) - e.levels.begin());
  }
  for (auto& c : e.code) {
    if (c >= 0) c = remap[c];
  }
  return e;
}

// The codes of the used rows over the levels they have (one level "1" when `g` is empty).
Encoded used_codes(const GroupCodes& g, const std::vector<char>& use) {
  Encoded e;
  if (g.empty()) {
    e.code.assign(use.size(), 0);
    e.levels = {"1"};
    return e;
  }
  GroupCodes kept = kept_codes(g, use);
  e.levels = std::move(kept.levels);
  e.code = std::move(kept.code);
  return e;
}

// A used row as the sort carries it: the time's IEEE bits (which order like the values for
// times >= 0, once -0 is folded to +0) and the row's codes, so nothing is gathered by index
// after sorting (random reads were as costly as the sort itself at 1e6 rows).
struct SortItem {
  uint64_t key;
  uint16_t group;
  uint16_t cause;
  uint32_t stratum;
};

uint64_t time_key(double t) {
  const double v = t + 0.0;
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

double key_time(uint64_t key) {
  double v = 0;
  std::memcpy(&v, &key, sizeof v);
  return v;
}

// LSD radix sort on the key, 11-bit digits (2048 buckets stay in L1 for the scatter); all digit
// histograms come from one read, and digits shared by every key are skipped. 1e6 rows sort in a
// few ms where std::sort takes ~80. Stable, though nothing downstream needs it.
void sort_by_time(std::vector<SortItem>* items) {
  std::vector<SortItem>& a = *items;
  const size_t n = a.size();
  if (n < 1024) {
    std::sort(a.begin(), a.end(),
              [](const SortItem& x, const SortItem& y) { return x.key < y.key; });
    return;
  }
  constexpr int kBits = 11, kPasses = 6;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<size_t> count(kBuckets * kPasses, 0);
  for (const auto& it : a) {
    for (int p = 0; p < kPasses; ++p)
      ++count[p * kBuckets + ((it.key >> (p * kBits)) & (kBuckets - 1))];
  }
  std::vector<SortItem> b(n);
  for (int p = 0; p < kPasses; ++p) {
    size_t* c = &count[p * kBuckets];
    const int shift = p * kBits;
    if (c[(a[0].key >> shift) & (kBuckets - 1)] == n) continue;
    size_t sum = 0;
    for (size_t k = 0; k < kBuckets; ++k) {
      const size_t x = c[k];
      c[k] = sum;
      sum += x;
    }
    for (const auto& it : a) b[c[(it.key >> shift) & (kBuckets - 1)]++] = it;
    a.swap(b);
  }
}

// Rows of the used data regrouped by a code (group or stratum), stable, so each code's rows stay
// in time order. Returns offsets (size levels + 1) into `perm`.
std::vector<size_t> stable_partition_by(const std::vector<int>& code, int levels,
                                        std::vector<uint32_t>* perm) {
  std::vector<size_t> off(static_cast<size_t>(levels) + 1, 0);
  for (const int c : code) ++off[static_cast<size_t>(c) + 1];
  for (size_t k = 1; k < off.size(); ++k) off[k] += off[k - 1];
  std::vector<size_t> pos(off.begin(), off.end() - 1);
  perm->assign(code.size(), 0);
  for (size_t i = 0; i < code.size(); ++i) {
    (*perm)[pos[static_cast<size_t>(code[i])]++] = static_cast<uint32_t>(i);
  }
  return off;
}

// ---------------------------------------------------------------------------------------------
// Cumulative incidence for every group and cause in one pass over the time-sorted rows: cmprsk's
// `cinc` run per (group, cause), which shares the group's all-cause KM and risk set.
// In: t[0..n) increasing, grp[0..n) group 0..ng-1, cs[0..n) 0 = censored, 1..nc = cause index.
// Out: curves[(c - 1) * ng + g] receives the step points (time, est, var) and n_event.
// The variance accumulates three sums over event times (cause c and other causes, each with the
// tie correction 1 - (d - 1)/(n - 1)); at t it is v1 + F^2 v3 - 2 F v2 (delta method on
// F = sum S dA_c). Arithmetic follows cinc's order, so results match R to the last bit or nearly.
struct CincState {
  double v1 = 0, v2 = 0, v3 = 0, f = 0;
};

void cinc_all(const double* t, const int* grp, const int* cs, size_t n, int ng, int nc,
              std::vector<CumincCurve>* curves) {
  const size_t ncol = static_cast<size_t>(nc) + 1;
  std::vector<double> fk(static_cast<size_t>(ng), 1.0), rs(static_cast<size_t>(ng), 0.0);
  for (size_t i = 0; i < n; ++i) rs[grp[i]] += 1;
  std::vector<CincState> st(static_cast<size_t>(ng) * nc);
  std::vector<int> cnt(static_cast<size_t>(ng) * ncol, 0), rows(static_cast<size_t>(ng), 0);
  std::vector<int> touched;
  touched.reserve(static_cast<size_t>(ng));
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && t[j] == t[i]) {
      const int g = grp[j];
      if (rows[g]++ == 0) touched.push_back(g);
      ++cnt[g * ncol + cs[j]];
      ++j;
    }
    for (const int g : touched) {
      int* cg = &cnt[g * ncol];
      const int nd = rows[g] - cg[0];
      if (nd > 0) {
        const double r = rs[g], fk0 = fk[g];
        const double fkn = fk0 * (r - nd) / r;
        for (int c = 1; c <= nc; ++c) {
          const int nd1 = cg[c], nd2 = nd - nd1;
          CincState& s = st[static_cast<size_t>(c - 1) * ng + g];
          if (nd1 > 0) s.f = s.f + fk0 * nd1 / r;
          if (nd2 > 0 && fkn > 0) {
            const double t5 = nd2 > 1 ? 1 - (nd2 - 1.0) / (r - 1.0) : 1.0;
            const double t6 = fk0 * fk0 * t5 * nd2 / (r * r);
            const double t3 = 1.0 / fkn;
            const double t4 = s.f / fkn;
            s.v1 = s.v1 + t4 * t4 * t6;
            s.v2 = s.v2 + t3 * t4 * t6;
            s.v3 = s.v3 + t3 * t3 * t6;
          }
          if (nd1 > 0) {
            const double t5 = nd1 > 1 ? 1 - (nd1 - 1.0) / (r - 1.0) : 1.0;
            const double t6 = fk0 * fk0 * t5 * nd1 / (r * r);
            const double t3 = fkn > 0 ? 1 / fkn : 0.0;
            const double t4 = 1 + t3 * s.f;
            s.v1 = s.v1 + t4 * t4 * t6;
            s.v2 = s.v2 + t3 * t4 * t6;
            s.v3 = s.v3 + t3 * t3 * t6;
            CumincCurve& cu = (*curves)[static_cast<size_t>(c - 1) * ng + g];
            cu.time.push_back(t[i]);
            cu.est.push_back(s.f);
            cu.var.push_back(s.v1 + s.f * s.f * s.v3 - 2 * s.f * s.v2);
            cu.n_event += nd1;
          }
        }
        fk[g] = fkn;
      }
      rs[g] -= rows[g];
      rows[g] = 0;
      std::fill(cg, cg + ncol, 0);
    }
    touched.clear();
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Gray's test, one stratum: cmprsk's `crst` (Gray 1988). In: t[0..n) increasing, grp[0..n)
// group 0..ng-1, m[0..n) 0 censored / 1 cause of interest / 2 other cause. Adds the scores of
// groups 0..ng-2 to s and the lower triangle of their covariance (packed by rows, i >= j) to v.
// Linear in n. crst recomputes every group's quantities at every event time (O(ng^2) divisions
// per time); here only the groups with rows at that time are updated and the per-group terms
// rs/S and rs(1 - F)/S are cached, so a time costs O(1) unless it has a cause-c event
// (O(ng^3) then, as in crst). Deliberate differences from crst's bits, all at the level of an
// ulp per step: a group without events at a time keeps S as is, where crst multiplies it by
// rs/rs; reciprocals are hoisted out of the O(ng^2) loop; risk-set sizes are doubles (crst's
// are integers, with integer products such as rs(k)**2). Agreement with R stays ~1e-13 relative
// on the golden cases and 1e-12 at 120000 rows with groups of 60000.
struct GrayWork {
  explicit GrayWork(int ng_) : ng(ng_), ng1(ng_ - 1) {
    const size_t g = static_cast<size_t>(ng_);
    for (auto* v : {&rs, &skmm, &skm, &f1m, &f1, &w, &q, &v3}) v->assign(g, 0.0);
    for (auto* v : {&c, &a, &v2}) v->assign(g * g, 0.0);
    for (auto* v : {&d1, &d2, &cnt}) v->assign(g, 0);
    dirty.assign(g, 1);
    touched.reserve(g);
  }
  double& C(int i, int k) { return c[static_cast<size_t>(i) * ng + k]; }
  double& A(int i, int k) { return a[static_cast<size_t>(i) * ng + k]; }
  double& V2(int i, int k) { return v2[static_cast<size_t>(i) * ng + k]; }
  int ng, ng1;
  std::vector<double> rs, skmm, skm, f1m, f1, w, q, v3;
  std::vector<double> c, a, v2;  // ng x ng, [i * ng + k]
  std::vector<int> d1, d2, cnt, touched;
  std::vector<char> dirty;
};

//
// Repairs, used only where cmprsk's recursions give no statistic (gray_statistic decides), so
// every statistic cmprsk can compute is cmprsk's:
// keep_exhausted_weight: crst drops a group from tr (the pooled incidence's weights) once it has
//   no one at risk. For a group whose last subjects failed, that makes the pooled incidence
//   f = sum nd1 / tr overshoot (without censoring it should be the plain fraction failed); once
//   f reaches 1 before a later event the variance is 0 * inf (cmprsk stops: "NA/NaN/Inf in
//   foreign function call"). With the flag such a group keeps its last weight rs / S (n_k times
//   its censoring survival; without censoring n_k), so f stays a cumulative incidence.
// floor_tie_correction: the tie correction 1 - (d - 1) / (tr S_k(t-) - 1) goes negative when d
//   tied events outnumber the effective risk set tr S_k(t-), which can make the variance and
//   the statistic negative (cmprsk prints it, with p = 1). Floored at 0: when the null model
//   has them all fail, their count has no variance.
struct CrstRepair {
  bool keep_exhausted_weight = false;
  bool floor_tie_correction = false;
};

// crst's state at the start of a stratum: everyone at risk, S = 1, F = 0, no sums.
void crst_begin(const int* grp, size_t n, GrayWork* wk) {
  std::fill(wk->rs.begin(), wk->rs.end(), 0.0);
  for (size_t i = 0; i < n; ++i) wk->rs[grp[i]] += 1;
  std::fill(wk->skmm.begin(), wk->skmm.end(), 1.0);
  std::fill(wk->skm.begin(), wk->skm.end(), 1.0);
  std::fill(wk->f1m.begin(), wk->f1m.end(), 0.0);
  std::fill(wk->f1.begin(), wk->f1.end(), 0.0);
  std::fill(wk->v3.begin(), wk->v3.end(), 0.0);
  std::fill(wk->c.begin(), wk->c.end(), 0.0);
  std::fill(wk->v2.begin(), wk->v2.end(), 0.0);
  std::fill(wk->dirty.begin(), wk->dirty.end(), 1);
}

// At an event time: each group's all-cause KM S and cause-c incidence F after the time, and the
// pooled weights tr = sum of rs/S over groups (the subdistribution risk-set weights) and
// tq = sum of R_r in the paper's notation, summed in group order as crst does.
void crst_weights(CrstRepair repair, GrayWork* wk, double* tr, double* tq) {
  auto& rs = wk->rs;
  auto& skmm = wk->skmm;
  for (const int i : wk->touched) {
    const double td = wk->d1[i] + wk->d2[i];
    if (td > 0 && rs[i] > 0) {
      wk->skm[i] = skmm[i] * (rs[i] - td) / rs[i];
      wk->f1[i] = wk->f1m[i] + (skmm[i] * wk->d1[i]) / rs[i];
    }
  }
  double r = 0, q = 0;
  for (int i = 0; i < wk->ng; ++i) {
    if (wk->dirty[i]) {
      const bool exhausted_by_events = rs[i] <= 0 && skmm[i] <= 0;
      if (!(repair.keep_exhausted_weight && exhausted_by_events))
        wk->w[i] = rs[i] > 0 ? rs[i] / skmm[i] : 0.0;
      wk->q[i] = rs[i] > 0 ? rs[i] * (1 - wk->f1m[i]) / skmm[i] : 0.0;
      wk->dirty[i] = 0;
    }
    r = r + wk->w[i];
    q = q + wk->q[i];
  }
  *tr = r;
  *tq = q;
}

// A time with nd1 > 0 events of the cause: the score s, the c matrix, and the cause's terms of
// v, v2 and v3. (Without such events c, s and v gain exact zeros in crst.)
void crst_cause_events(int nd1, double fm, double f, double tr, double tq, double rho,
                       CrstRepair repair, GrayWork* wk, std::vector<double>* s,
                       std::vector<double>* v) {
  const int ng = wk->ng, ng1 = wk->ng1;
  const auto& rs = wk->rs;
  const auto& w = wk->w;
  // crst divides inside the O(ng^2) loop; the reciprocals below are hoisted out of it
  // (results move by an ulp or so, far inside the 1e-10 agreement with R).
  const double fb = rho == 0 ? 1.0 : std::pow(1 - fm, rho);
  const double inv_tr = 1 / tr;
  const double cscale = nd1 / (tr * (1 - fm));
  for (int i = 0; i < ng; ++i) {
    for (int j = i; j < ng; ++j) wk->A(i, j) = 0;
    if (rs[i] <= 0) continue;
    const double t1 = w[i];
    wk->A(i, i) = fb * t1 * (1 - t1 * inv_tr);
    wk->C(i, i) = wk->C(i, i) + wk->A(i, i) * cscale;
    for (int j = i + 1; j < ng; ++j) {
      if (rs[j] <= 0) continue;
      wk->A(i, j) = -(fb * t1 * w[j]) * inv_tr;
      wk->C(i, j) = wk->C(i, j) + wk->A(i, j) * cscale;
    }
  }
  for (int i = 1; i < ng; ++i) {
    for (int j = 0; j < i; ++j) {
      wk->A(i, j) = wk->A(j, i);
      wk->C(i, j) = wk->C(j, i);
    }
  }
  for (int i = 0; i < ng1; ++i) {
    if (rs[i] <= 0) continue;
    (*s)[i] = (*s)[i] + fb * (wk->d1[i] - static_cast<double>(nd1) * rs[i] * (1 - wk->f1m[i]) /
                                              (wk->skmm[i] * tq));
  }
  for (int k = 0; k < ng; ++k) {
    if (rs[k] <= 0) continue;
    const double t4 = wk->skm[k] > 0 ? 1 - (1 - f) / wk->skm[k] : 1.0;
    double t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * wk->skmm[k] - 1) : 1.0;
    if (repair.floor_tie_correction) t5 = std::max(0.0, t5);
    const double t3 = t5 * nd1 * inv_tr / w[k];  // = t5 S(t-) nd1 / (tr rs)
    wk->v3[k] = wk->v3[k] + t4 * t4 * t3;
    for (int i = 0; i < ng1; ++i) {
      const double t1 = wk->A(i, k) - t4 * wk->C(i, k);
      wk->V2(i, k) = wk->V2(i, k) + t1 * t4 * t3;
      double* vrow = &(*v)[static_cast<size_t>(i) * (i + 1) / 2];
      for (int j = 0; j <= i; ++j) {
        const double t2 = wk->A(j, k) - t4 * wk->C(j, k);
        vrow[j] = vrow[j] + t1 * t2 * t3;
      }
    }
  }
}

// A time with events of other causes: their terms of v, v2 and v3, group by group.
void crst_other_events(double f, GrayWork* wk, std::vector<double>* v) {
  const auto& rs = wk->rs;
  const auto& skmm = wk->skmm;
  const auto& d2 = wk->d2;
  for (int k = 0; k < wk->ng; ++k) {
    if (d2[k] <= 0 || wk->skm[k] <= 0) continue;
    const double t4 = (1 - f) / wk->skm[k];
    const double t5 = d2[k] > 1 ? 1 - (d2[k] - 1.0) / (rs[k] - 1.0) : 1.0;
    const double t3 = t5 * ((skmm[k] * skmm[k]) * d2[k]) / (rs[k] * rs[k]);
    wk->v3[k] = wk->v3[k] + t4 * t4 * t3;
    for (int i = 0; i < wk->ng1; ++i) {
      const double t1 = t4 * wk->C(i, k);
      wk->V2(i, k) = wk->V2(i, k) - t1 * t4 * t3;
      double* vrow = &(*v)[static_cast<size_t>(i) * (i + 1) / 2];
      for (int j = 0; j <= i; ++j) {
        const double t2 = t4 * wk->C(j, k);
        vrow[j] = vrow[j] + t1 * t2 * t3;
      }
    }
  }
}

// After a time: its rows leave the risk set, and S and F become the left limits of the next.
void crst_end_time(GrayWork* wk) {
  for (const int i : wk->touched) {
    wk->rs[i] -= wk->cnt[i];
    wk->f1m[i] = wk->f1[i];
    wk->skmm[i] = wk->skm[i];
    wk->dirty[i] = 1;
    wk->cnt[i] = wk->d1[i] = wk->d2[i] = 0;
  }
  wk->touched.clear();
}

// The covariance's last terms, added once the stratum's times are done (crst's closing loop).
void crst_covariance(GrayWork* wk, std::vector<double>* v) {
  for (int i = 0; i < wk->ng1; ++i) {
    for (int j = 0; j <= i; ++j) {
      double& vl = (*v)[static_cast<size_t>(i) * (i + 1) / 2 + j];
      for (int k = 0; k < wk->ng; ++k) {
        vl = vl + wk->C(i, k) * wk->C(j, k) * wk->v3[k];
        vl = vl + wk->C(i, k) * wk->V2(j, k);
        vl = vl + wk->C(j, k) * wk->V2(i, k);
      }
    }
  }
}

// One stratum, as described above GrayWork: each distinct time's rows are counted by group,
// then its events add their terms; the covariance is completed after the last time.
void crst(const double* t, const int* grp, const uint8_t* m, size_t n, double rho,
          CrstRepair repair, GrayWork* wk, std::vector<double>* s_out, std::vector<double>* v_out) {
  const int ng1 = wk->ng1;
  std::vector<double> s(static_cast<size_t>(ng1), 0.0);
  std::vector<double> v(static_cast<size_t>(ng1) * (ng1 + 1) / 2, 0.0);
  crst_begin(grp, n, wk);
  double fm = 0, f = 0;  // pooled cumulative incidence, left- and right-continuous
  size_t lo = 0;
  while (lo < n) {
    size_t hi = lo;
    int nd1 = 0, nd2 = 0;
    while (hi < n && t[hi] == t[lo]) {
      const int g = grp[hi];
      if (wk->cnt[g]++ == 0) wk->touched.push_back(g);
      if (m[hi] == 1) {
        ++wk->d1[g];
        ++nd1;
      } else if (m[hi] == 2) {
        ++wk->d2[g];
        ++nd2;
      }
      ++hi;
    }
    if (nd1 > 0 || nd2 > 0) {
      double tr = 0, tq = 0;
      crst_weights(repair, wk, &tr, &tq);
      f = fm + nd1 / tr;
      if (nd1 > 0) crst_cause_events(nd1, fm, f, tr, tq, rho, repair, wk, &s, &v);
      if (nd2 > 0) crst_other_events(f, wk, &v);
      fm = f;
    }
    crst_end_time(wk);
    lo = hi;
  }
  crst_covariance(wk, &v);
  for (size_t i = 0; i < s.size(); ++i) (*s_out)[i] += s[i];
  for (size_t i = 0; i < v.size(); ++i) (*v_out)[i] += v[i];
}
// Householder QR with LINPACK dqrdc2's limited pivoting (what R's qr() runs): a column whose
// remaining norm falls below tol times its original norm is moved to the end and not counted.
// Returns the rank; x (p x p, column-major) holds the factorisation, as dqrdc2 leaves it.
int qr_dqrdc2(std::vector<double>* xp, int p, std::vector<double>* qrauxp, double tol) {
  std::vector<double>& x = *xp;
  std::vector<double>& qraux = *qrauxp;
  const int n = p;
  auto X = [&](int i, int j) -> double& { return x[static_cast<size_t>(j) * n + i]; };
  auto nrm2 = [&](int len, int i0, int j) {
    double sc = 0, ss = 1;  // scaled sum of squares, as BLAS dnrm2
    for (int i = i0; i < i0 + len; ++i) {
      const double a = std::fabs(X(i, j));
      if (a == 0) continue;
      if (sc < a) {
        ss = 1 + ss * (sc / a) * (sc / a);
        sc = a;
      } else {
        ss += (a / sc) * (a / sc);
      }
    }
    return sc * std::sqrt(ss);
  };
  qraux.assign(static_cast<size_t>(p), 0.0);
  std::vector<double> work1(static_cast<size_t>(p)), work2(static_cast<size_t>(p));
  for (int j = 0; j < p; ++j) {
    qraux[j] = nrm2(n, 0, j);
    work1[j] = qraux[j];
    work2[j] = qraux[j] == 0 ? 1.0 : qraux[j];
  }
  int k = p + 1;  // 1-based as in dqrdc2
  for (int l = 0; l < p; ++l) {
    // cycle negligible columns to the end
    while (l + 1 < k && qraux[l] < work2[l] * tol) {
      for (int i = 0; i < n; ++i) {
        const double tmp = X(i, l);
        for (int j = l + 1; j < p; ++j) X(i, j - 1) = X(i, j);
        X(i, p - 1) = tmp;
      }
      const double q = qraux[l], w1 = work1[l], w2 = work2[l];
      for (int j = l + 1; j < p; ++j) {
        qraux[j - 1] = qraux[j];
        work1[j - 1] = work1[j];
        work2[j - 1] = work2[j];
      }
      qraux[p - 1] = q;
      work1[p - 1] = w1;
      work2[p - 1] = w2;
      --k;
    }
    if (l == n - 1) break;
    double nrmxl = nrm2(n - l, l, l);
    if (nrmxl == 0) continue;
    if (X(l, l) != 0) nrmxl = std::copysign(nrmxl, X(l, l));
    for (int i = l; i < n; ++i) X(i, l) *= 1.0 / nrmxl;
    X(l, l) = 1.0 + X(l, l);
    for (int j = l + 1; j < p; ++j) {
      double dot = 0;
      for (int i = l; i < n; ++i) dot += X(i, l) * X(i, j);
      const double tt0 = -dot / X(l, l);
      for (int i = l; i < n; ++i) X(i, j) += tt0 * X(i, l);
      if (qraux[j] == 0) continue;
      double tt = 1.0 - (std::fabs(X(l, j)) / qraux[j]) * (std::fabs(X(l, j)) / qraux[j]);
      tt = std::max(tt, 0.0);
      if (std::fabs(tt) < 1e-6) {
        qraux[j] = nrm2(n - l - 1, l + 1, j);
        work1[j] = qraux[j];
      } else {
        qraux[j] = qraux[j] * std::sqrt(tt);
      }
    }
    qraux[l] = X(l, l);
    X(l, l) = -nrmxl;
  }
  return std::min(k - 1, n);
}

// s' V^-1 s with V factored by qr_dqrdc2 at full rank (no column was moved).
double quad_form_qr(std::vector<double> x, const std::vector<double>& qraux,
                    const std::vector<double>& s, int p) {
  auto X = [&](int i, int j) -> double& { return x[static_cast<size_t>(j) * p + i]; };
  std::vector<double> y = s;
  for (int j = 0; j < p - 1; ++j) {  // y <- Q' y
    if (qraux[j] == 0) continue;
    const double diag = X(j, j);
    X(j, j) = qraux[j];
    double dot = 0;
    for (int i = j; i < p; ++i) dot += X(i, j) * y[i];
    const double tt = -dot / X(j, j);
    for (int i = j; i < p; ++i) y[i] += tt * X(i, j);
    X(j, j) = diag;
  }
  for (int j = p - 1; j >= 0; --j) {  // R b = Q' s
    y[j] /= X(j, j);
    for (int i = 0; i < j; ++i) y[i] -= y[j] * X(i, j);
  }
  double q = 0;
  for (int i = 0; i < p; ++i) q += s[i] * y[i];
  return q;
}

// The log(-log) interval est^exp(-+z sqrt(var) / (est log est)); NaN where est is 0 or 1 (or
// NaN), where the transform is undefined.
void log_log_limits(double est, double var, double z, double* lower, double* upper) {
  if (est > 0 && est < 1) {
    const double w = z * std::sqrt(var) / (est * std::log(est));  // < 0
    *lower = std::pow(est, std::exp(-w));
    *upper = std::pow(est, std::exp(w));
  } else {
    *lower = *upper = kNaN;
  }
}

void evaluate_times(const std::vector<double>& times, double z, CumincCurve* curve) {
  curve->at_times.clear();
  curve->at_times.reserve(times.size());
  for (const double tp : times) {
    CumincAtTime a;
    a.time = tp;
    if (!(tp >= 0) || tp > curve->max_time) {
      a.est = a.var = a.lower = a.upper = kNaN;  // timepoints: NA outside [0, max_time]
    } else {
      const auto it = std::upper_bound(curve->time.begin(), curve->time.end(), tp);
      const size_t k = static_cast<size_t>(it - curve->time.begin());
      a.est = k == 0 ? 0.0 : curve->est[k - 1];
      a.var = k == 0 ? 0.0 : curve->var[k - 1];
      log_log_limits(a.est, a.var, z, &a.lower, &a.upper);
    }
    curve->at_times.push_back(a);
  }
  // The band of the figure: the same interval at every event time.
  const size_t m = curve->time.size();
  curve->lower.assign(m, kNaN);
  curve->upper.assign(m, kNaN);
  for (size_t j = 0; j < m; ++j) {
    log_log_limits(curve->est[j], curve->var[j], z, &curve->lower[j], &curve->upper[j]);
  }
}

// The result as far as it got, with the error (about `argument` as a whole at row 0, or about
// its element `row`, 1-based) and no curves or tests.
CumincResult fail(CumincResult r, const Status& bad) {
  r.status = Status::invalid(bad.argument, bad.row, kFn + bad.message);
  r.curves.clear();
  r.tests.clear();
  return r;
}

// Gray's statistic for the cause coded 1 in m, summed over strata (rows [soff[h], soff[h + 1])
// in time order): score and covariance by crst, then s' V^-1 s through R's qr(). repair: a
// stratum whose recursion is not finite keeps exhausted groups' weights, and the tie correction
// is floored at 0 (see crst).
void gray_statistic(const std::vector<double>& ts, const std::vector<int>& gs,
                    const std::vector<uint8_t>& m, const std::vector<size_t>& soff, double rho,
                    bool repair, GrayWork* work, GrayTest* test) {
  const int ng1 = work->ng1;
  std::vector<double> s(static_cast<size_t>(ng1), 0.0);
  std::vector<double> vp(static_cast<size_t>(ng1) * (ng1 + 1) / 2, 0.0);
  const auto finite = [](const std::vector<double>& x) {
    return std::all_of(x.begin(), x.end(), [](double y) { return std::isfinite(y); });
  };
  for (size_t h = 0; h + 1 < soff.size(); ++h) {
    const size_t b = soff[h], e = soff[h + 1];
    std::vector<double> sh(s.size(), 0.0), vh(vp.size(), 0.0);
    crst(ts.data() + b, gs.data() + b, m.data() + b, e - b, rho, {false, repair}, work, &sh, &vh);
    if (repair && (!finite(sh) || !finite(vh))) {
      std::fill(sh.begin(), sh.end(), 0.0);
      std::fill(vh.begin(), vh.end(), 0.0);
      crst(ts.data() + b, gs.data() + b, m.data() + b, e - b, rho, {true, true}, work, &sh, &vh);
    }
    for (size_t i = 0; i < s.size(); ++i) s[i] += sh[i];
    for (size_t i = 0; i < vp.size(); ++i) vp[i] += vh[i];
  }
  if (!finite(s) || !finite(vp)) {  // no statistic (a rank taken of NaN would say "singular")
    test->singular = false;
    test->stat = test->p = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  std::vector<double> vs(static_cast<size_t>(ng1) * ng1);
  for (int i = 0; i < ng1; ++i) {
    for (int j = 0; j <= i; ++j) {
      const double x = vp[static_cast<size_t>(i) * (i + 1) / 2 + j];
      vs[static_cast<size_t>(j) * ng1 + i] = x;
      vs[static_cast<size_t>(i) * ng1 + j] = x;
    }
  }
  std::vector<double> qraux;
  const int rank = qr_dqrdc2(&vs, ng1, &qraux, 1e-7);
  test->singular = rank != ng1;
  if (!test->singular) {
    test->stat = quad_form_qr(vs, qraux, s, ng1);
    test->p = chisq_upper(test->stat, ng1);
  } else {
    test->stat = -1;  // cuminc's marker; its p = 1 - pchisq(-1, df) = 1
    test->p = 1;
  }
}
// ---- Prepare: argument and row checks, exclusions (cuminc's na.omit), causes, group and
// stratum codes, the used rows in time order.

// The checks that need no row: lengths, the order's size, group and strata codes, options.
Status check_arguments(const CumincInput& input, const CumincOptions& options) {
  const size_t n_in = input.time.size();
  if (n_in == 0) return Status::invalid("time", 0, "time is empty");
  const auto length = [&](const char* name, size_t n) {
    return Status::invalid(name, 0,
                           std::string(name) + " has " + std::to_string(n) +
                               " elements, time has " + std::to_string(n_in));
  };
  if (input.status.size() != n_in) return length("status", input.status.size());
  if (!input.group.empty() && input.group.size() != n_in) {
    return length("group", input.group.size());
  }
  if (!input.strata.empty() && input.strata.size() != n_in) {
    return length("strata", input.strata.size());
  }
  if (Status bad = check_order(input.order.get(), n_in, ""); !bad.ok()) {
    return Status::invalid(bad.argument, 0, bad.message);
  }
  for (const auto& [codes, name] :
       {std::pair<const GroupCodes*, const char*>{&input.group, "group"},
        {&input.strata, "strata"}}) {
    Status bad = check_codes(*codes, name, "");
    if (!bad.ok()) return Status::invalid(name, bad.row, bad.message);
  }
  if (n_in > std::numeric_limits<uint32_t>::max() / 2) {
    return Status::invalid("time", 0, "too many rows");
  }
  if (!std::isfinite(options.rho)) {
    return Status::invalid("rho", 0, "rho is not finite (" + format_number(options.rho) + ")");
  }
  if (!(options.conf_level > 0 && options.conf_level < 1)) {
    return Status::invalid(
        "conf_level", 0,
        "conf_level must be in (0, 1) (" + format_number(options.conf_level) + ")");
  }
  for (size_t i = 0; i < options.times.size(); ++i) {
    if (std::isnan(options.times[i])) {
      return Status::invalid("times", 0, "times[" + std::to_string(i + 1) + "] is NaN");
    }
  }
  if (options.censor_value == kStatusMissing) {
    return Status::invalid("censor_value", 0, "censor_value is the missing-status code");
  }
  return Status{};
}

// cmprsk reads the label "NA" as missing, like an empty cell.
bool missing_in(const GroupCodes& g, size_t i) {
  return g.code[i] < 0 || g.levels[static_cast<size_t>(g.code[i])] == "NA";
}

// Row checks and exclusions (na.omit in cuminc): use[i] = 0 for a row with a missing value.
Status exclude_rows(const CumincInput& input, const CumincOptions& options, std::vector<char>* use,
                    CumincResult* r) {
  const size_t n_in = input.time.size();
  const GroupCodes& group = input.group;
  const GroupCodes& strata = input.strata;
  use->assign(n_in, 1);
  for (size_t i = 0; i < n_in; ++i) {
    auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    const double t = input.time[i];
    if (std::isinf(t)) {
      return Status::invalid("time", i + 1,
                             "time" + row() + " is infinite (" + format_number(t) + ")");
    }
    if (t < 0) {
      return Status::invalid("time", i + 1,
                             "time" + row() + " is negative (" + format_number(t) + ")");
    }
    const int st = input.status[i];
    if (st != kStatusMissing && st < 0 && st != options.censor_value) {
      return Status::invalid("status", i + 1,
                             "status" + row() + " is negative (" + std::to_string(st) +
                                 ") and not the censoring value " +
                                 std::to_string(options.censor_value));
    }
    const size_t n_labels = options.cause_labels.size();
    if (n_labels > 0 && st != kStatusMissing && st != options.censor_value &&
        (st < 1 || static_cast<size_t>(st) > n_labels)) {
      return Status::invalid("status", i + 1,
                             "status" + row() + " is " + std::to_string(st) +
                                 " but cause_labels names " + std::to_string(n_labels) +
                                 " causes (codes 1.." + std::to_string(n_labels) + ")");
    }
    if (std::isnan(t) || st == kStatusMissing || (!group.empty() && missing_in(group, i)) ||
        (!strata.empty() && missing_in(strata, i))) {
      (*use)[i] = 0;
      ++r->n_excluded;
      r->excluded_rows.push_back(static_cast<int>(i + 1));
    }
  }
  const size_t n = n_in - static_cast<size_t>(r->n_excluded);
  if (n == 0) {
    return Status::invalid("", 0,
                           "no rows left: all " + std::to_string(n_in) + " have a missing value");
  }
  r->n = static_cast<int>(n);
  return Status{};
}

// Causes in increasing code order (R: sort(unique(status[status != cencode]))), with their
// labels. The number of distinct causes is small, so a linear scan per row is cheapest.
Status list_causes(const CumincInput& input, const CumincOptions& options,
                   const std::vector<char>& use, CumincResult* r) {
  std::vector<int> codes;
  for (size_t i = 0; i < input.status.size(); ++i) {
    if (!use[i] || input.status[i] == options.censor_value) continue;
    if (std::find(codes.begin(), codes.end(), input.status[i]) == codes.end()) {
      codes.push_back(input.status[i]);
    }
  }
  if (codes.empty()) {
    return Status::invalid("status", 0,
                           "no events: every used row has the censoring status " +
                               std::to_string(options.censor_value));
  }
  std::sort(codes.begin(), codes.end());
  for (const int c : codes) {
    r->causes.push_back(options.cause_labels.empty() ? std::to_string(c)
                                                     : options.cause_labels[c - 1]);
  }
  r->cause_codes = std::move(codes);
  return Status{};
}

// The used rows in time order as the kernels read them: time, group code, cause index
// (0 censored, 1..K as in cause_codes), and with several strata the stratum code.
struct Sorted {
  int ng = 0, nst = 0, n_cause = 0;
  std::vector<double> ts;
  std::vector<int> gs, cs;
  std::vector<int> ss;  // only when nst > 1
};

// Packs the used rows with their codes and puts them in time order: sorted here, or taken in
// the order supplied (input.order); then unpacks them into `d`. Takes `use` and the codes by
// value so they are freed before the sort.
Status sort_rows(const CumincInput& input, const CumincOptions& options, std::vector<char> use,
                 Encoded g, Encoded sg, const std::vector<int>& codes, size_t n, Sorted* d) {
  std::vector<SortItem> items;
  items.reserve(n);
  const auto pack = [&](size_t i) {
    const int st = input.status[i];
    int ci = 0;
    if (st != options.censor_value) {
      ci = 1;
      while (codes[ci - 1] != st) ++ci;
    }
    items.push_back(SortItem{time_key(input.time[i]), static_cast<uint16_t>(g.code[i]),
                             static_cast<uint16_t>(ci), static_cast<uint32_t>(sg.code[i])});
  };
  if (input.order) {
    if (!walk_order(
            *input.order, input.time, n, [&](size_t i) { return use[i] != 0; }, pack)) {
      return Status::invalid("order", 0, order_mismatch("").message);
    }
  } else {
    for (size_t i = 0; i < input.time.size(); ++i) {
      if (use[i]) pack(i);
    }
  }
  g.code = std::vector<int>();
  sg.code = std::vector<int>();
  use = std::vector<char>();
  if (!input.order) sort_by_time(&items);
  d->ts.resize(n);
  d->gs.resize(n);
  d->cs.resize(n);
  for (size_t k = 0; k < n; ++k) {
    d->ts[k] = key_time(items[k].key);
    d->gs[k] = items[k].group;
    d->cs[k] = items[k].cause;
  }
  if (d->nst > 1) {
    d->ss.resize(n);
    for (size_t k = 0; k < n; ++k) d->ss[k] = static_cast<int>(items[k].stratum);
  }
  return Status{};
}

// Exclusions, causes, the group and stratum codes of the used rows, and those rows sorted.
Status prepare(const CumincInput& input, const CumincOptions& options, CumincResult* r, Sorted* d) {
  std::vector<char> use;
  if (Status bad = exclude_rows(input, options, &use, r); !bad.ok()) return bad;
  if (Status bad = list_causes(input, options, use, r); !bad.ok()) return bad;
  Encoded g = used_codes(input.group, use);
  Encoded sg = used_codes(input.strata, use);
  // The sort carries group and cause codes in 16 bits: far beyond any meaningful analysis
  // (Gray's test costs O(groups^3) per event time).
  if (g.levels.size() > 65535) {
    return Status::invalid("group", 0, "group has more than 65535 distinct labels");
  }
  if (r->cause_codes.size() > 65535) {
    return Status::invalid("status", 0, "status has more than 65535 distinct causes");
  }
  r->groups = g.levels;
  d->ng = static_cast<int>(g.levels.size());
  d->nst = static_cast<int>(sg.levels.size());
  d->n_cause = static_cast<int>(r->cause_codes.size());
  return sort_rows(input, options, std::move(use), std::move(g), std::move(sg), r->cause_codes,
                   static_cast<size_t>(r->n), d);
}

// ---- Kernel: cinc_all over the sorted rows, into curves labelled here.

// One curve per (cause, group), cause-major as cuminc lists them, with its group's row count
// and last time (R's curves run to the group's largest time).
void label_curves(const Sorted& d, CumincResult* r) {
  const int ng = d.ng;
  r->curves.resize(static_cast<size_t>(d.n_cause) * ng);
  for (int c = 1; c <= d.n_cause; ++c) {
    for (int gi = 0; gi < ng; ++gi) {
      CumincCurve& curve = r->curves[static_cast<size_t>(c - 1) * ng + gi];
      curve.group = r->groups[gi];
      curve.cause = r->causes[c - 1];
      curve.cause_code = r->cause_codes[c - 1];
    }
  }
  std::vector<int> count(static_cast<size_t>(ng), 0);
  std::vector<double> last(static_cast<size_t>(ng), 0.0);
  for (size_t k = 0; k < d.ts.size(); ++k) {
    ++count[d.gs[k]];
    last[d.gs[k]] = d.ts[k];
  }
  for (auto& curve : r->curves) {
    const size_t gi = static_cast<size_t>(&curve - r->curves.data()) % ng;
    curve.n = count[gi];
    curve.max_time = last[gi];
  }
}

// ---- Summarise: estimates at the requested times, Gray's test.

// Every curve at the requested times (sorted, duplicates dropped), as cmprsk's timepoints().
void evaluate_at_times(const CumincOptions& options, CumincResult* r) {
  std::vector<double> tp = options.times;
  std::sort(tp.begin(), tp.end());
  tp.erase(std::unique(tp.begin(), tp.end()), tp.end());
  const double z = norm_two_sided_z(options.conf_level);
  for (auto& curve : r->curves) evaluate_times(tp, z, &curve);
  r->times = std::move(tp);
}

// Regroups the sorted rows by stratum, each stratum's rows staying in time order; returns the
// strata's offsets into the rows (one stratum: {0, n}).
std::vector<size_t> order_by_stratum(Sorted* d) {
  const size_t n = d->ts.size();
  if (d->nst <= 1) return {0, n};
  std::vector<uint32_t> sperm;
  std::vector<size_t> soff = stable_partition_by(d->ss, d->nst, &sperm);
  std::vector<double> t2(n);
  std::vector<int> g2(n), c2(n);
  for (size_t k = 0; k < n; ++k) {
    t2[k] = d->ts[sperm[k]];
    g2[k] = d->gs[sperm[k]];
    c2[k] = d->cs[sperm[k]];
  }
  d->ts.swap(t2);
  d->gs.swap(g2);
  d->cs.swap(c2);
  return soff;
}

// Gray's test per cause, summed over strata (cuminc's call of crstm). Reorders d by stratum.
void gray_tests(const CumincOptions& options, Sorted* d, CumincResult* r) {
  const std::vector<size_t> soff = order_by_stratum(d);
  const size_t n = d->ts.size();
  std::vector<uint8_t> m(n);
  GrayWork work(d->ng);
  for (int c = 1; c <= d->n_cause; ++c) {
    for (size_t k = 0; k < n; ++k) {
      m[k] = static_cast<uint8_t>(d->cs[k] == 0 ? 0 : (d->cs[k] == c ? 1 : 2));
    }
    GrayTest test;
    test.cause = r->causes[c - 1];
    test.cause_code = r->cause_codes[c - 1];
    test.df = d->ng - 1;
    // cmprsk's recursions first; only where they do not give a statistic (not finite, or
    // negative) again with the two repairs described at crst.
    gray_statistic(d->ts, d->gs, m, soff, options.rho, false, &work, &test);
    if (!test.singular && !(test.stat >= 0)) {  // negative or NaN
      gray_statistic(d->ts, d->gs, m, soff, options.rho, true, &work, &test);
      test.adjusted = true;
    }
    r->tests.push_back(test);
  }
}

}  // namespace

CumincResult cumulative_incidence(const CumincInput& input, const CumincOptions& options) {
  CumincResult r;
  r.rho = options.rho;
  r.conf_level = options.conf_level;
  // Prepare: checks, na.omit, causes and codes, rows in time order (cuminc before its loops).
  if (Status bad = check_arguments(input, options); !bad.ok()) return fail(std::move(r), bad);
  Sorted d;
  if (Status bad = prepare(input, options, &r, &d); !bad.ok()) return fail(std::move(r), bad);
  // Kernel: every (cause, group) incidence curve and variance in one sweep (cuminc's cinc).
  label_curves(d, &r);
  cinc_all(d.ts.data(), d.gs.data(), d.cs.data(), d.ts.size(), d.ng, d.n_cause, &r.curves);
  // Summarise: estimates and intervals at the requested times (timepoints), then Gray's test
  // per cause over the strata (crstm), when there are groups to compare.
  evaluate_at_times(options, &r);
  if (d.ng > 1) gray_tests(options, &d, &r);
  return r;
}

CompetingStatus decode_competing_status(const std::vector<std::string>& status,
                                        const std::string& censor_label) {
  CompetingStatus out;
  if (is_missing_label(censor_label)) {
    out.status = Status::invalid(
        "censor_label", 0,
        "decode_competing_status: censor_label must not be empty or \"NA\" (those mean missing)");
    return out;
  }
  std::vector<char> use(status.size());
  for (size_t i = 0; i < status.size(); ++i) {
    use[i] = !is_missing_label(status[i]) && status[i] != censor_label;
  }
  const Encoded e = encode_labels(status, use);
  out.cause_labels = e.levels;
  out.codes.resize(status.size());
  for (size_t i = 0; i < status.size(); ++i) {
    if (is_missing_label(status[i])) {
      out.codes[i] = kStatusMissing;
    } else if (status[i] == censor_label) {
      out.codes[i] = 0;
    } else {
      out.codes[i] = e.code[i] + 1;
    }
  }
  return out;
}

void cuminc_risk_table(const CumincInput& input, const std::vector<double>& times,
                       CumincResult* result) {
  if (!result->status.ok()) return;
  std::vector<char> used(input.time.size(), 1);
  for (const int row : result->excluded_rows) used[static_cast<size_t>(row - 1)] = 0;
  std::map<std::string, std::vector<int>> at;  // group -> n at risk per time
  for (const auto& g : result->groups) at[g].assign(times.size(), 0);
  for (size_t i = 0; i < input.time.size(); ++i) {
    if (!used[i]) continue;
    auto it = at.find(input.group.empty() ? std::string("1") : input.group.label(i));
    if (it == at.end()) continue;
    for (size_t j = 0; j < times.size(); ++j) {
      if (input.time[i] >= times[j]) ++it->second[j];
    }
  }
  for (auto& curve : result->curves) {
    curve.risk_time = times;
    curve.n_risk = at[curve.group];
  }
}

CumincRLayout cuminc_r_layout(const CumincCurve& curve) {
  CumincRLayout o;
  const size_t m = curve.time.size();
  o.time.reserve(2 * m + 2);
  o.est.reserve(2 * m + 2);
  o.var.reserve(2 * m + 2);
  o.time.push_back(0);
  o.est.push_back(0);
  o.var.push_back(0);
  for (size_t j = 0; j < m; ++j) {
    o.time.push_back(curve.time[j]);
    o.est.push_back(j == 0 ? 0.0 : curve.est[j - 1]);
    o.var.push_back(j == 0 ? 0.0 : curve.var[j - 1]);
    o.time.push_back(curve.time[j]);
    o.est.push_back(curve.est[j]);
    o.var.push_back(curve.var[j]);
  }
  o.time.push_back(curve.max_time);
  o.est.push_back(m == 0 ? 0.0 : curve.est[m - 1]);
  o.var.push_back(m == 0 ? 0.0 : curve.var[m - 1]);
  return o;
}

}  // namespace infant_all
