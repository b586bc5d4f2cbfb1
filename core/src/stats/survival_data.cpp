#include "infant_all/stats/survival_data.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <unordered_map>

namespace infant_all {

namespace {

// A label "parses as a number" when strtod consumes all of it and the value is finite; this
// is what decides R's numeric-vs-character reading of the column (read.csv's type.convert).
bool parse_number(const std::string& s, double* out) {
  if (s.empty()) return false;
  const char* begin = s.c_str();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(begin, &end);
  if (end != begin + s.size() || errno == ERANGE || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// Labels are short and few, so an inline byte loop (after the size check that settles most
// mismatches) beats a call into memcmp, which showed up as a third of the grouping cost.
inline bool same_label(const std::string& a, const std::string& b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  for (std::size_t i = n; i-- > 0;) {  // from the end: labels often share a prefix
    if (x[i] != y[i]) return false;
  }
  return true;
}

std::uint64_t time_key(double t) {
  if (t == 0.0) t = 0.0;  // -0.0 must sort with +0.0
  std::uint64_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  // Order-preserving map to unsigned: negatives flip every bit, non-negatives the sign bit.
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) ? ~bits : (bits | kSign);
}

char fold_case(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Secondary key on a case-insensitive tie: lower case before upper case at the first difference.
int case_rank(char c) { return (c >= 'A' && c <= 'Z') ? 1 : 0; }

// Indices of `labels` in factor_levels order.
std::vector<int> factor_order(const std::vector<std::string>& labels) {
  std::vector<double> value(labels.size());
  bool numeric = !labels.empty();
  for (std::size_t k = 0; k < labels.size() && numeric; ++k) {
    numeric = parse_number(labels[k], &value[k]);
  }
  std::vector<int> perm(labels.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::sort(perm.begin(), perm.end(), [&](int a, int b) {
    if (numeric && value[a] != value[b]) return value[a] < value[b];
    return label_less(labels[a], labels[b]);
  });
  return perm;
}

}  // namespace

bool label_less(const std::string& a, const std::string& b) {
  const std::size_t m = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < m; ++i) {
    const auto fa = static_cast<unsigned char>(fold_case(a[i]));
    const auto fb = static_cast<unsigned char>(fold_case(b[i]));
    if (fa != fb) return fa < fb;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  for (std::size_t i = 0; i < m; ++i) {
    if (a[i] != b[i]) {
      const int ra = case_rank(a[i]), rb = case_rank(b[i]);
      if (ra != rb) return ra < rb;
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    }
  }
  return false;
}

std::vector<std::string> factor_levels(std::vector<std::string> distinct) {
  const std::vector<int> perm = factor_order(distinct);
  std::vector<std::string> out;
  out.reserve(distinct.size());
  for (int k : perm) out.push_back(std::move(distinct[static_cast<std::size_t>(k)]));
  return out;
}

GroupCodes encode_groups(const std::vector<std::string>& labels) {
  GroupCodes out;
  out.code.assign(labels.size(), -1);
  // First pass: provisional codes in order of appearance. Rows come in random group order, so
  // a linear scan over the labels mispredicts a branch or two per row; instead a 256-slot
  // table keyed by (length, first byte, last byte) names the likely label and one comparison
  // confirms it. Collisions and first sightings take the slow path (scan, or a hash map once
  // there are many labels).
  std::vector<std::string> seen;
  std::unordered_map<std::string, int> index;
  constexpr std::size_t kLinearLimit = 16;
  std::array<int, 256> slot;
  slot.fill(-1);
  const auto slot_of = [](const std::string& s) {
    const std::size_t n = s.size();
    return (n * 131u + static_cast<unsigned char>(s[0]) * 31u +
            static_cast<unsigned char>(s[n - 1])) &
           255u;
  };
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& s = labels[i];
    if (s.empty()) continue;
    const std::size_t h = slot_of(s);
    int c = slot[h];
    if (c >= 0 && same_label(seen[static_cast<std::size_t>(c)], s)) {
      out.code[i] = c;
      continue;
    }
    c = -1;
    if (seen.size() <= kLinearLimit) {
      for (std::size_t k = 0; k < seen.size(); ++k) {
        if (same_label(seen[k], s)) {
          c = static_cast<int>(k);
          break;
        }
      }
    } else {
      auto it = index.find(s);
      if (it != index.end()) c = it->second;
    }
    if (c < 0) {
      c = static_cast<int>(seen.size());
      seen.push_back(s);
      if (seen.size() > kLinearLimit) {
        if (index.empty()) {
          for (std::size_t k = 0; k < seen.size(); ++k) index.emplace(seen[k], static_cast<int>(k));
        } else {
          index.emplace(s, c);
        }
      }
      if (slot[h] < 0) slot[h] = c;
    }
    out.code[i] = c;
  }

  return factor_codes(std::move(seen), std::move(out.code));
}

GroupCodes factor_codes(std::vector<std::string> levels, std::vector<int> code) {
  const std::vector<int> perm = factor_order(levels);
  std::vector<int> rank(levels.size());
  GroupCodes out;
  out.levels.reserve(levels.size());
  for (std::size_t r = 0; r < perm.size(); ++r) {
    rank[static_cast<std::size_t>(perm[r])] = static_cast<int>(r);
    out.levels.push_back(std::move(levels[static_cast<std::size_t>(perm[r])]));
  }
  for (int& c : code) {
    if (c >= 0) c = rank[static_cast<std::size_t>(c)];
  }
  out.code = std::move(code);
  return out;
}

GroupCodes::GroupCodes(const std::vector<std::string>& labels)
    : GroupCodes(encode_groups(labels)) {}

GroupCodes::GroupCodes(std::initializer_list<std::string> labels)
    : GroupCodes(encode_groups(std::vector<std::string>(labels))) {}

const std::string& GroupCodes::label(std::size_t i) const {
  static const std::string missing;
  return code[i] < 0 ? missing : levels[static_cast<std::size_t>(code[i])];
}

std::size_t first_bad_code(const GroupCodes& g) {
  const int n = static_cast<int>(g.levels.size());
  for (std::size_t i = 0; i < g.code.size(); ++i) {
    if (g.code[i] < -1 || g.code[i] >= n) return i + 1;
  }
  return 0;
}

Status check_codes(const GroupCodes& g, const std::string& argument, const std::string& fn) {
  const std::size_t bad = first_bad_code(g);
  if (bad == 0) return {};
  return Status::invalid(argument, bad,
                         fn + argument + "[" + std::to_string(bad) + "] is not a level's code (" +
                             std::to_string(g.code[bad - 1]) + ")");
}

std::vector<int> kept_levels(const GroupCodes& g, const std::vector<char>& keep,
                             std::vector<std::string>* levels) {
  std::vector<int> remap(g.levels.size(), -1);
  for (std::size_t i = 0; i < g.code.size(); ++i) {
    if (keep[i] && g.code[i] >= 0) remap[static_cast<std::size_t>(g.code[i])] = 0;
  }
  levels->clear();
  for (std::size_t k = 0; k < remap.size(); ++k) {
    if (remap[k] < 0) continue;
    remap[k] = static_cast<int>(levels->size());
    levels->push_back(g.levels[k]);
  }
  return remap;
}

GroupCodes kept_codes(const GroupCodes& g, const std::vector<char>& keep) {
  GroupCodes out;
  const std::vector<int> remap = kept_levels(g, keep, &out.levels);
  out.code.assign(g.code.size(), -1);
  for (std::size_t i = 0; i < g.code.size(); ++i) {
    if (keep[i] && g.code[i] >= 0) out.code[i] = remap[static_cast<std::size_t>(g.code[i])];
  }
  return out;
}

void sort_by_time(std::vector<double>* time, std::vector<std::uint32_t>* payload) {
  std::vector<double>& t = *time;
  std::vector<std::uint32_t>& p = *payload;
  const std::size_t n = t.size();
  if (n < 2) return;
  if (n < 256) {  // radix histograms cost more than they save on small inputs
    std::vector<std::uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0u);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return t[a] < t[b]; });
    std::vector<double> t2(n);
    std::vector<std::uint32_t> p2(n);
    for (std::size_t i = 0; i < n; ++i) {
      t2[i] = t[idx[i]] + 0.0;  // -0 as +0, as the radix path returns it
      p2[i] = p[idx[i]];
    }
    t.swap(t2);
    p.swap(p2);
    return;
  }
  // Scratch left uninitialised: zero-filling 20 bytes per row costs more than the sort.
  std::unique_ptr<std::uint64_t[]> key(new std::uint64_t[n]);
  std::unique_ptr<std::uint64_t[]> key2(new std::uint64_t[n]);
  std::unique_ptr<std::uint32_t[]> pay(new std::uint32_t[n]);
  std::unique_ptr<std::uint32_t[]> pay2(new std::uint32_t[n]);
  for (std::size_t i = 0; i < n; ++i) {
    key[i] = time_key(t[i]);
    pay[i] = p[i];
  }
  // 11-bit digits: 2048 scatter targets stay within the cache and TLB, where 65536 do not.
  constexpr int kBits = 11;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
  std::vector<std::size_t> count(std::size_t{1} << kBits);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), 0);
    for (std::size_t i = 0; i < n; ++i) ++count[(key[i] >> shift) & kMask];
    if (count[(key[0] >> shift) & kMask] == n) continue;  // constant digit: order unchanged
    std::size_t sum = 0;
    for (std::size_t& c : count) {
      const std::size_t c0 = c;
      c = sum;
      sum += c0;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pos = count[(key[i] >> shift) & kMask]++;
      key2[pos] = key[i];
      pay2[pos] = pay[i];
    }
    key.swap(key2);
    pay.swap(pay2);
  }
  // The keys are a bijection of the values, so the sorted values come back from the keys.
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bits = (key[i] & kSign) ? (key[i] & ~kSign) : ~key[i];
    std::memcpy(&t[i], &bits, sizeof bits);
    p[i] = pay[i];
  }
}

TimeOrder time_order(const std::vector<double>& time) {
  TimeOrder order;
  order.n = time.size();
  std::vector<double> t;
  t.reserve(time.size());
  order.index.reserve(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i])) continue;
    t.push_back(time[i]);
    order.index.push_back(static_cast<std::uint32_t>(i));
  }
  sort_by_time(&t, &order.index);
  return order;
}

Status check_order(const TimeOrder* order, std::size_t n, const std::string& fn) {
  if (!order || order->n == n) return {};
  return Status::invalid("order", 0,
                         fn + "order was built for " + std::to_string(order->n) +
                             " times, time has " + std::to_string(n));
}

Status order_mismatch(const std::string& fn) {
  return Status::invalid("order", 0,
                         fn + "order does not sort time (build it with time_order from the same "
                              "times)");
}

}  // namespace infant_all
