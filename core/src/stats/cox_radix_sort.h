// Private helper for cox.cpp and concordance.cpp: sorting 1e6 rows by a composite key is the
// largest single cost of a Cox fit, so keys are packed into 64-bit integers and sorted by LSD
// radix (stable), with payload = row index. Not part of the public API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace infant_all::detail {

// std::vector whose resize() leaves elements uninitialised: scratch arrays of 1e6 rows that are
// written in full before being read need no zero-filling pass (a measurable cost at that size).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using ScratchVector = std::vector<T, DefaultInitAllocator<T>>;

struct KeyedRow {
  std::uint64_t key;
  std::uint32_t row;
};

// Order-preserving map of a (non-NaN) double onto uint64: a < b  =>  key(a) < key(b).
inline std::uint64_t sortable_bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return (b >> 63) ? ~b : (b | (std::uint64_t{1} << 63));
}

// Stable sort by key. Only the 16-bit digits below the highest set bit of any key are passed
// over; small inputs use std::stable_sort. `scratch` is resized as needed and may be reused.
inline void radix_sort(ScratchVector<KeyedRow>& rows, ScratchVector<KeyedRow>& scratch) {
  const std::size_t n = rows.size();
  if (n < 2048) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const KeyedRow& a, const KeyedRow& b) { return a.key < b.key; });
    return;
  }
  std::uint64_t all_or = 0, all_and = ~std::uint64_t{0};
  for (const KeyedRow& r : rows) {
    all_or |= r.key;
    all_and &= r.key;
  }
  const std::uint64_t varying = all_or ^ all_and;  // bits that differ somewhere
  ScratchVector<KeyedRow>& tmp = scratch;
  if (tmp.size() < n) tmp.resize(n);
  std::vector<std::size_t> count(65536);
  for (int shift = 0; shift < 64; shift += 16) {
    if (((varying >> shift) & 0xFFFF) == 0) continue;
    std::fill(count.begin(), count.end(), 0);
    for (const KeyedRow& r : rows) ++count[(r.key >> shift) & 0xFFFF];
    std::size_t sum = 0;
    for (std::size_t& c : count) {
      const std::size_t c0 = c;
      c = sum;
      sum += c0;
    }
    for (const KeyedRow& r : rows) tmp[count[(r.key >> shift) & 0xFFFF]++] = r;
    rows.swap(tmp);
  }
}

inline void radix_sort(ScratchVector<KeyedRow>& rows) {
  ScratchVector<KeyedRow> scratch;
  radix_sort(rows, scratch);
}

// Number of bits needed to hold values 0..max_value.
inline int bits_for(std::uint64_t max_value) {
  int b = 0;
  while (b < 64 && (max_value >> b) != 0) ++b;
  return b;
}

}  // namespace infant_all::detail
