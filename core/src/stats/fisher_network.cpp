#include "fisher_network.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>  // std::greater
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace infant_all::detail {
namespace {

using Key = std::uint64_t;

// Pasts closer than this (on the log scale) are one past: their multiplicities add. Far below
// the tolerance of the count/no-count comparison, so merging never moves a table across it.
constexpr double kMergeTol = 1e-9;
// Relative slack on the bounds, far above the rounding of their sums.
constexpr double kBoundSlack = 1e-12;
// The exact shortest completion by vertices is tried up to this many totals on the split side.
constexpr std::size_t kVertexMax = 8;
// exp(x) rounds to 0 for every x below this (the smallest subnormal is e^-744.44).
constexpr double kExpZero = -746.0;
// Two-total nodes are memoised in an array over the smaller total below this size (16 bytes an
// entry, per stage reached: 2 MB at most, also in WebAssembly); larger ones in the hash table.
constexpr int kDenseMax = 1 << 17;

// The longest and shortest completion of a node: the largest and smallest sum of -log x! over
// the cells not yet filled.
struct Bound {
  double longest = 0.0;
  double shortest = 0.0;
};

// Node bounds memoised per stage in open addressing (linear probing, load <= 1/2): one probe
// touches one cache line, where a node-based hash map chases a bucket and a node. The lookups
// happen once per filling visited, so on large networks their cache misses are the run time.
class BoundMemo {
 public:
  // The stored bound of `key`, or null.
  const Bound* find(Key key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s.bound;
      if (s.key == kEmpty) return nullptr;
    }
  }
  void insert(Key key, const Bound& b) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t i = slot(key);
    while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{key, b};
    ++size_;
  }

 private:
  // A key is below the product of the bases, which fits in 64 bits: never the largest value.
  static constexpr Key kEmpty = ~Key{0};
  struct Slot {
    Key key = kEmpty;
    Bound bound;
  };
  std::size_t slot(Key key) const {
    // Fibonacci hashing: the high bits of the product mix every digit of the key.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    const std::size_t cap = old.empty() ? 1024 : 2 * old.size();
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    shift_ = 64;
    for (std::size_t c = cap; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != kEmpty) insert(s.key, s.bound);
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0, size_ = 0;
  int shift_ = 64;
};

class Network {
 public:
  Network(std::vector<int> rows, std::vector<int> cols, double log_p_limit, double max_work)
      : m_(rows.size()), cols_(std::move(cols)), rows_(std::move(rows)), max_work_(max_work) {
    std::sort(rows_.begin(), rows_.end());
    // Columns in decreasing order: the large columns, which branch most, meet the full row
    // totals, where the bounds settle most paths early.
    std::sort(cols_.begin(), cols_.end(), std::greater<int>());
    int n = 0;
    for (int v : rows_) n += v;
    lf_.resize(static_cast<std::size_t>(n) + 1);
    for (int i = 0; i <= n; ++i) lf_[i] = std::lgamma(i + 1.0);
    const std::size_t c = cols_.size();
    col_lf_suffix_.assign(c + 1, 0.0);
    col_sum_suffix_.assign(c + 1, 0);
    for (std::size_t j = c; j-- > 0;) {
      col_lf_suffix_[j] = col_lf_suffix_[j + 1] + lf_[cols_[j]];
      col_sum_suffix_[j] = col_sum_suffix_[j + 1] + cols_[j];
    }
    double constant = -lf_[n];
    for (int v : rows_) constant += lf_[v];
    for (int v : cols_) constant += lf_[v];
    constant_ = constant;
    limit_ = log_p_limit - constant;  // on the scale of sums of -log x!
    memo_.resize(c);
    dense_.resize(c);
    scratch_.resize(c);
    for (Scratch& sc : scratch_) {
      sc.x.assign(m_, 0);
      sc.room_after.assign(m_ + 1, 0);
      sc.child.assign(m_, 0);
    }
    // A node's key: its sorted remaining totals in mixed radix. The i-th smallest remaining total
    // never exceeds the i-th smallest original one, so digit i has base rows_[i] + 1 (as FEXACT's
    // key, which R requires to fit in an int; here 64 bits).
    place_.assign(m_ + 1, 1);
    for (std::size_t i = 0; i < m_; ++i) {
      const Key base = static_cast<Key>(rows_[i]) + 1;
      if (place_[i] > std::numeric_limits<Key>::max() / base) {
        key_fits_ = false;
        break;
      }
      place_[i + 1] = place_[i] * base;
    }
  }

  FisherNetworkOutcome run() {
    FisherNetworkOutcome out;
    if (!key_fits_) {
      out.stop = FisherNetworkOutcome::Stop::key_too_large;
      return out;
    }
    struct Node {
      std::vector<int> totals;
      std::vector<std::pair<double, double>> pasts;  // (past, multiplicity)
      double owed;                                   // its share of owed_
    };
    // A node that will be run adds the fillings it must visit to owed_ from its creation on.
    auto make_node = [&](std::size_t stage_k, const int* totals) {
      const double f = stage_k + 1 < cols_.size() ? fillings_at_least(stage_k, totals) : 0.0;
      owe(f);
      return Node{std::vector<int>(totals, totals + m_), {}, f};
    };
    const Bound root = bound(0, rows_.data(), pack(rows_.data()));
    double p = 0.0;
    std::vector<Node> stage;
    if (root.longest <= limit_) {
      p = 1.0;
    } else if (root.shortest <= limit_) {
      stage.push_back(make_node(0, rows_.data()));
      stage.back().pasts.push_back({0.0, 1.0});
    }
    std::vector<double> past, weight, prefix;
    for (std::size_t k = 0; k + 1 < cols_.size() && !stage.empty() && !over_; ++k) {
      // Each distinct child is bounded once in this stage, at a cost the fillings (in owed_) do
      // not include. The children of the stage's largest node are a lower bound on them (and on
      // its fillings); counting them costs little next to visiting them, and shows a stage that
      // cannot finish within the budget before it runs: a large first stage whose children
      // mostly settle finds the next stage's nodes (which owed_ would count) only late.
      if (k + 2 < cols_.size()) {
        const double per_bound = static_cast<double>(m_ * (cols_.size() - k - 1));
        const Node* largest = &stage.front();
        for (const Node& node : stage) largest = node.owed > largest->owed ? &node : largest;
        const double room = max_work_ - work_ - (owed_ - largest->owed);
        const double children = children_count(k, largest->totals.data(), room / (per_bound + 1.0));
        if (std::max(children, largest->owed) + children * per_bound > room) over_ = true;
      }
      if (over_) break;
      std::vector<Node> next;
      std::unordered_map<Key, std::size_t> index;
      for (Node& node : stage) {
        if (over_) break;
        owe(-node.owed);  // from here on its fillings are spent as they are visited
        // Distinct pasts, ascending, with their multiplicities; prefix sums of their
        // probabilities relative to the largest (terms that underflow are below 1e-300).
        auto& ps = node.pasts;
        std::sort(ps.begin(), ps.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        past.clear();
        weight.clear();
        for (std::size_t a = 0; a < ps.size();) {
          const double v = ps[a].first;
          double w = 0.0;
          for (; a < ps.size() && ps[a].first - v <= kMergeTol; ++a) w += ps[a].second;
          past.push_back(v);
          weight.push_back(w);
        }
        std::vector<std::pair<double, double>>().swap(ps);
        const double top = past.back();
        prefix.assign(past.size() + 1, 0.0);
        for (std::size_t i = 0; i < past.size(); ++i) {
          prefix[i + 1] = prefix[i] + weight[i] * std::exp(past[i] - top);
        }
        for_each_filling(
            k, node.totals.data(), [&](const int* child, Key key, double edge, double mult) {
              const Bound b = bound(k + 1, child, key);
              const std::size_t all =
                  std::upper_bound(past.begin(), past.end(), limit_ - edge - b.longest) -
                  past.begin();
              const std::size_t some =
                  std::upper_bound(past.begin(), past.end(), limit_ - edge - b.shortest) -
                  past.begin();
              if (all > 0) {
                // Every completion counts: their total mass in closed form,
                // sum over completions of prod 1/x! = M! / (prod R_i! prod C_j!).
                double log_mass = lf_[col_sum_suffix_[k + 1]] - col_lf_suffix_[k + 1];
                for (std::size_t i = 0; i < m_; ++i) log_mass -= lf_[child[i]];
                // Below this exp is exactly 0, and libm's underflow path (errno, flags) costs
                // more than the rest of the visit: on large tables most settled edges are there.
                const double e = top + edge + constant_ + log_mass;
                if (e > kExpZero) p += mult * prefix[all] * std::exp(e);
              }
              if (some > all) {
                auto [it, added] = index.try_emplace(key, next.size());
                if (added) next.push_back(make_node(k + 1, child));
                auto& to = next[it->second].pasts;
                for (std::size_t i = all; i < some; ++i)
                  to.emplace_back(past[i] + edge, weight[i] * mult);
                spend(static_cast<double>(some - all));
              }
            });
      }
      stage.swap(next);
    }
    if (over_) {
      out.stop = FisherNetworkOutcome::Stop::work_limit;
      return out;
    }
    out.p = p;
    return out;
  }

 private:
  Key pack(const int* v) const {
    Key k = 0;
    for (std::size_t i = 0; i < m_; ++i) k += static_cast<Key>(v[i]) * place_[i];
    return k;
  }
  void spend(double units) {
    work_ += units;
    if (work_ + owed_ > max_work_) over_ = true;
  }
  // The run's work is at least work_ + owed_, so once that passes the budget the run would stop
  // at it anyway: it stops now (the same answer, found sooner).
  void owe(double units) {
    owed_ += units;
    if (work_ + owed_ > max_work_) over_ = true;
  }

  // Calls visit(child totals (sorted), child key, edge, multiplicity) for every way of filling
  // column k from the node's remaining row totals `node` (sorted ascending). Rows with equal
  // totals are interchangeable, so among them only fillings in non-increasing order are visited,
  // each standing for its distinct permutations (the multiplicity). edge = -sum log x!. The
  // scratch vectors are per stage: bound() fills stage k + 1 from inside a visit at stage k.
  template <class Visit>
  void for_each_filling(std::size_t k, const int* node, Visit&& visit) {
    Scratch& sc = scratch_[k];
    sc.node = node;
    for (std::size_t i = m_; i-- > 0;) sc.room_after[i] = sc.room_after[i + 1] + node[i];
    fill(sc, 0, cols_[k], visit);
  }

  // A lower bound on the fillings of column k that for_each_filling visits from `node`. Each
  // row's share x_i ranges over [0, node_i] with sum cols_[k]; with the largest row taking what
  // the others leave, any box of shares a_i for the others whose sums all fit the largest row's
  // range counts (a_i + 1) fillings, and sum a_i <= min(largest, total - column, column) fits.
  // The box is filled evenly, smallest rows first. Equal totals are visited once per orbit of
  // their permutations, and there are at least (fillings) / (prod of group sizes!) orbits.
  double fillings_at_least(std::size_t k, const int* node) const {
    const int col = cols_[k];
    std::size_t first = 0;  // node is ascending: the live rows are node[first..m_)
    while (first < m_ && node[first] == 0) ++first;
    if (first + 1 >= m_) return 1.0;
    int total = 0;
    for (std::size_t i = first; i < m_; ++i) total += node[i];
    int room = std::min({node[m_ - 1], total - col, col});
    double count = 1.0;
    for (std::size_t i = first; i + 1 < m_; ++i) {
      const int share = room / static_cast<int>(m_ - 1 - i);  // the rest split evenly
      const int a = std::min(node[i], share);
      count *= a + 1.0;
      room -= a;
    }
    for (std::size_t g = first; g < m_;) {
      std::size_t h = g;
      while (h < m_ && node[h] == node[g]) ++h;
      for (std::size_t t = 2; t <= h - g; ++t) count /= static_cast<double>(t);
      g = h;
    }
    // The product is of at most a few integers, so its rounding is ~1e-16 relative; the true
    // count is an integer, so it is at least the ceiling of a lower bound.
    return std::ceil(count * (1.0 - 1e-12));
  }

  // The number of distinct children of `node` by column k, counted up to past `cap`. Among
  // the fillings reaching one child (a multiset of remaining totals), the one leaving the rows in
  // ascending order is feasible whenever any is (the i-th smallest remaining total is at most the
  // i-th smallest node total) and is the one for_each_filling visits among equal totals. So the
  // children are the non-decreasing y with 0 <= y_i <= node_i and sum y = total - column, counted
  // here with the last two entries in closed form.
  double children_count(std::size_t k, const int* node, double cap) const {
    int rest = -cols_[k];
    for (std::size_t i = 0; i < m_; ++i) rest += node[i];
    std::vector<int> after(m_ + 1, 0);  // sum of node[j] for j >= i
    for (std::size_t i = m_; i-- > 0;) after[i] = after[i + 1] + node[i];
    double count = 0.0;
    // y_i..y_{m-1}, each at least lo, sum s.
    auto count_from = [&](auto& self, std::size_t i, int lo, int s) -> void {
      if (i + 2 == m_) {
        const int from = std::max(lo, s - node[m_ - 1]);
        const int to = std::min(node[m_ - 2], s / 2);
        if (to >= from) count += to - from + 1.0;
        return;
      }
      const int from = std::max(lo, s - after[i + 1]);
      const int to = std::min(node[i], s / static_cast<int>(m_ - i));
      for (int y = from; y <= to && count <= cap; ++y) self(self, i + 1, y, s - y);
    };
    count_from(count_from, 0, 0, rest);
    return count;
  }

  struct Scratch {
    const int* node = nullptr;
    std::vector<int> x, room_after, child;
  };

  template <class Visit>
  void leaf(Scratch& sc, Visit& visit) {
    const int* node = sc.node;
    const std::vector<int>& x = sc.x;
    double edge = 0.0, mult = 1.0;
    for (std::size_t g = 0; g < m_;) {
      // A group of equal totals: multiplicity is the multinomial of its runs of equal x.
      std::size_t h = g;
      while (h < m_ && node[h] == node[g]) ++h;
      double seen = 0.0;
      for (std::size_t a = g; a < h;) {
        std::size_t b = a;
        while (b < h && x[b] == x[a]) ++b;
        for (std::size_t t = 1; t <= b - a; ++t) mult *= ++seen / static_cast<double>(t);
        a = b;
      }
      g = h;
    }
    int* child = sc.child.data();
    for (std::size_t i = 0; i < m_; ++i) {
      edge -= lf_[x[i]];
      const int v = node[i] - x[i];
      std::size_t j = i;
      for (; j > 0 && child[j - 1] > v; --j) child[j] = child[j - 1];
      child[j] = v;
    }
    visit(static_cast<const int*>(child), pack(child), edge, mult);
  }

  // Row i takes v; the rows after it take the rest.
  template <class Visit>
  void fill(Scratch& sc, std::size_t i, int left, Visit& visit) {
    if (over_) return;
    const int* node = sc.node;
    std::vector<int>& x = sc.x;
    const bool tied = i > 0 && node[i] == node[i - 1];
    if (i + 1 == m_) {
      if (left > node[i] || (tied && left > x[i - 1])) return;
      x[i] = left;
      spend(1.0);
      leaf(sc, visit);
      return;
    }
    int hi = std::min(node[i], left);
    if (tied) hi = std::min(hi, x[i - 1]);
    const int lo = std::max(0, left - sc.room_after[i + 1]);
    for (int v = hi; v >= lo; --v) {
      x[i] = v;
      fill(sc, i + 1, left - v, visit);
    }
  }

  // Bounds on the longest and shortest completion of the node at stage k (columns k.. still to
  // fill): longest is never below the true longest, shortest never above the true shortest, so
  // the decisions taken with them stay exact; only the pruning is weaker where they are loose.
  // Exact for the last column (what is left is the column).
  Bound bound(std::size_t k, const int* node, Key key) {
    if (k + 1 == cols_.size()) {
      double s = 0.0;
      for (std::size_t i = 0; i < m_; ++i) s -= lf_[node[i]];
      return {s, s};
    }
    if (m_ == 2 && rows_[0] < kDenseMax) {
      // Two totals with a known sum: the smaller one is the node. Indexed by it, the children of
      // consecutive fillings are neighbours in memory, where hashed slots are a cache miss each.
      std::vector<Bound>& dense = dense_[k];
      if (dense.empty()) {
        const double unset = std::numeric_limits<double>::quiet_NaN();  // no bound is NaN
        dense.assign(static_cast<std::size_t>(rows_[0]) + 1, Bound{unset, unset});
      }
      Bound& slot = dense[static_cast<std::size_t>(node[0])];
      if (!std::isnan(slot.longest)) return slot;
      slot = Bound{longest_bound(k, node), shortest_bound(k, node)};
      spend(static_cast<double>(m_ * (cols_.size() - k)));
      return slot;
    }
    if (const Bound* found = memo_[k].find(key)) return *found;
    const Bound b{longest_bound(k, node), shortest_bound(k, node)};
    memo_[k].insert(key, b);
    // A bound costs about as much as visiting one filling per cell of the remaining table.
    spend(static_cast<double>(m_ * (cols_.size() - k)));
    return b;
  }

  // The largest sum of -log x! over tables with row totals `node` and column totals cols_[k..]
  // is a separable concave maximisation over a transportation polytope (a convex-cost flow), so
  // Lagrangian duality bounds it: for any row and column potentials u, v,
  //   max sum f(x) <= sum u_i r_i + sum v_j c_j + sum_ij max_{0 <= x <= min(r_i, c_j)}
  //                   [-log x! - (u_i + v_j) x],
  // and each cell's maximum is found exactly (the function is concave in x). With the potentials
  // at the optimum the bound is the longest path (integral convex-cost flows have no duality
  // gap). The potentials taken are those of the table of independence, x_ij + 1/2 ~ a_i b_j with
  // e^{-u_i - v_j} = a_i b_j (the argmax of -log x! - w x is ~ e^{-w} - 1/2), near the optimum
  // for the counts that matter: O(rows x columns), instead of enumerating the sub-network.
  double longest_bound(std::size_t k, const int* node) {
    const std::size_t c = cols_.size() - k;
    std::vector<double>& a = dual_a_;
    std::vector<double>& b = dual_b_;
    a.assign(m_, 0.0);
    b.assign(c, 0.0);
    log_b_.resize(c);
    // a_i b_j has row sums node_i + c/2 and column sums cols_j + live/2.
    double live = 0.0;  // rows with cells left
    for (std::size_t i = 0; i < m_; ++i) live += node[i] > 0 ? 1.0 : 0.0;
    const double half_c = 0.5 * static_cast<double>(c);
    double bsum = 0.0;
    for (std::size_t j = 0; j < c; ++j) {
      b[j] = cols_[k + j] + 0.5 * live;
      bsum += b[j];
    }
    for (std::size_t i = 0; i < m_; ++i) a[i] = node[i] > 0 ? (node[i] + half_c) / bsum : 0.0;
    double total = 0.0;
    for (std::size_t j = 0; j < c; ++j) {
      log_b_[j] = std::log(b[j]);
      total -= log_b_[j] * cols_[k + j];
    }
    for (std::size_t i = 0; i < m_; ++i) {
      if (node[i] == 0) continue;  // its cells are 0
      const double log_a = std::log(a[i]);
      total -= log_a * node[i];
      for (std::size_t j = 0; j < c; ++j) {
        total += cell_max(a[i] * b[j], -(log_a + log_b_[j]), std::min(node[i], cols_[k + j]));
      }
    }
    // Rounding in the sums above is ~1e-16 of their terms; the slack keeps the bound a bound.
    return total + kBoundSlack * (1.0 + std::fabs(total));
  }

  // max over integers 0 <= x <= cap of -log x! - w x, where e^{-w} = scale: concave in x, so the
  // climb from the continuous argmax (scale - 1/2) ends at the maximum.
  double cell_max(double scale, double w, int cap) const {
    const double guess = scale - 0.5;
    int x = guess <= 0 ? 0 : guess >= cap ? cap : static_cast<int>(guess);
    auto f = [&](int v) { return -lf_[v] - w * v; };
    double fx = f(x);
    while (x < cap && f(x + 1) > fx) fx = f(++x);
    while (x > 0 && f(x - 1) > fx) fx = f(--x);
    return fx;
  }

  // The smallest sum of -log x! is at least minus the largest sum of log x! with only the row
  // totals kept (or only the column totals): log x! is convex and superadditive, so with the
  // other margin as caps a row's largest sum fills the largest caps first (that vector
  // majorises every other filling). The tighter of the two relaxations is taken.
  double shortest_bound(std::size_t k, const int* node) const {
    const std::size_t c = cols_.size() - k;
    std::size_t live = 0;
    for (std::size_t i = 0; i < m_; ++i) live += node[i] > 0;
    if (live <= 2 && c <= kVertexMax) {  // two rows left: split the columns between them
      return two_way_shortest(&cols_[k], c, node[m_ - 1]) - kBoundSlack;
    }
    if (c == 2 && live <= kVertexMax) {  // two columns left: split the rows between them
      return two_way_shortest(node + (m_ - live), live, cols_[k]) - kBoundSlack;
    }
    double by_rows = 0.0, by_cols = 0.0;
    for (std::size_t i = 0; i < m_; ++i) {
      int left = node[i];
      for (std::size_t j = 0; j < c && left > 0; ++j) {  // cols_ is in decreasing order
        const int t = std::min(left, cols_[k + j]);
        by_rows += lf_[t];
        left -= t;
      }
    }
    for (std::size_t j = 0; j < c; ++j) {
      int left = cols_[k + j];
      for (std::size_t i = m_; i-- > 0 && left > 0;) {  // node is ascending
        const int t = std::min(left, node[i]);
        by_cols += lf_[t];
        left -= t;
      }
    }
    const double most = std::min(by_rows, by_cols);
    return -most - kBoundSlack * (1.0 + most);
  }

  // The exact shortest completion when one margin has two totals: the items (the other margin's
  // totals, d of them) are split as x_j and size_j - x_j with sum x_j = first, and
  //   sum_j -log x_j! - log (size_j - x_j)! = -sum_j log size_j! + sum_j log C(size_j, x_j).
  // The second sum is concave in x, so its minimum over the polytope is at a vertex: every item
  // but at most one whole on one side (Mehta & Patel's shortest path by vertices). All 2^d
  // vertices are tried; d is small (kVertexMax).
  double two_way_shortest(const int* size, std::size_t d, int first) const {
    double base = 0.0;
    for (std::size_t j = 0; j < d; ++j) base -= lf_[size[j]];
    double best = std::numeric_limits<double>::infinity();
    for (unsigned mask = 0; mask < (1u << d); ++mask) {
      int whole = 0;  // the items wholly on the first side
      for (std::size_t j = 0; j < d; ++j) whole += (mask >> j & 1u) ? size[j] : 0;
      const int rest = first - whole;
      if (rest == 0) return base;  // a vertex without a split item: the minimum
      for (std::size_t f = 0; f < d; ++f) {
        if ((mask >> f & 1u) || rest < 0 || rest > size[f]) continue;
        best = std::min(best, lf_[size[f]] - lf_[rest] - lf_[size[f] - rest]);
      }
    }
    return base + best;
  }

  std::size_t m_;
  std::vector<int> cols_, rows_;
  std::vector<double> lf_, col_lf_suffix_;
  std::vector<int> col_sum_suffix_;
  std::vector<Key> place_;
  bool key_fits_ = true;
  double constant_ = 0.0, limit_ = 0.0;
  double max_work_, work_ = 0.0;
  // Fillings that nodes created and not yet run must visit (a lower bound): those of the nodes
  // left in the current stage and of the next stage's nodes found so far. Integers (ceilings
  // of lower bounds), so adding and taking back a node's share is exact below 2^53; a run stops
  // once the sum passes the budget, long before that.
  double owed_ = 0.0;
  bool over_ = false;
  std::vector<BoundMemo> memo_;
  std::vector<std::vector<Bound>> dense_;  // memo_ for two totals, allocated at first use
  std::vector<Scratch> scratch_;
  std::vector<double> dual_a_, dual_b_, log_b_;
};

}  // namespace

FisherNetworkOutcome fisher_network_p(std::vector<int> rows, std::vector<int> cols,
                                      double log_p_limit, double max_work) {
  // The shorter side is the node (fewer totals to sort and key), the longer the stages.
  if (rows.size() > cols.size()) std::swap(rows, cols);
  Network net(std::move(rows), std::move(cols), log_p_limit, max_work);
  return net.run();
}

}  // namespace infant_all::detail
