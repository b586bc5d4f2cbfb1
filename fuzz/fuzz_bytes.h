// Shared helpers of the fuzz targets: a cursor that turns the fuzzer's bytes into typed values
// (always succeeding: past the end every read gives zero), and the invariant check that prints
// what failed and traps, so libFuzzer saves the input as a crash.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"

namespace fuzz {

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  size_t remaining() const { return pos_ < size_ ? size_ - pos_ : 0; }

  uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }
  uint32_t u32() { return static_cast<uint32_t>(u16()) | (static_cast<uint32_t>(u16()) << 16); }
  uint64_t u64() { return static_cast<uint64_t>(u32()) | (static_cast<uint64_t>(u32()) << 32); }
  bool flag() { return (u8() & 1) != 0; }
  // Uniform-ish in [0, n) (n > 0).
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(u16()) % n; }

  // A double that is mostly "interesting": small integers (ties), zero, tiny, huge, NaN, inf,
  // negative, or raw IEEE bits.
  double number() {
    switch (u8() % 16) {
      case 0:
        return 0.0;
      case 1:
        return std::numeric_limits<double>::quiet_NaN();
      case 2:
        return std::numeric_limits<double>::infinity();
      case 3:
        return -std::numeric_limits<double>::infinity();
      case 4:
        return -static_cast<double>(u8());
      case 5:
        return std::numeric_limits<double>::denorm_min() * (1 + u8());
      case 6:
        return std::numeric_limits<double>::max() / (1 + u8());
      case 7:
        return 1e-300 * (1 + u8());
      case 8:
        return 1e300 * (1 + u8());
      case 9: {
        uint64_t bits = u64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 10:
        return static_cast<double>(u16()) / 16.0;
      case 11:
        return static_cast<double>(u32());
      default:
        return static_cast<double>(u8() % 12);  // ties on purpose
    }
  }

  // Short text from a small alphabet biased to what the parsers look for, or raw bytes.
  std::string text(size_t max_len, const char* alphabet = nullptr) {
    size_t n = below(max_len + 1);
    std::string s;
    s.reserve(n);
    size_t alen = alphabet ? std::strlen(alphabet) : 0;
    for (size_t i = 0; i < n && !empty(); ++i) {
      uint8_t b = u8();
      s.push_back(alen ? alphabet[b % alen] : static_cast<char>(b));
    }
    return s;
  }

  // A permutation of 0..n-1 from the remaining bytes (Fisher-Yates; identity when exhausted).
  std::vector<size_t> permutation(size_t n) {
    std::vector<size_t> p(n);
    for (size_t i = 0; i < n; ++i) p[i] = i;
    for (size_t i = n; i > 1; --i) std::swap(p[i - 1], p[below(i)]);
    return p;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Prints the broken invariant and traps: libFuzzer records the input as a crash.
#define FUZZ_CHECK(cond, ...)                                                              \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "\nINVARIANT FAILED %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                   \
      std::fprintf(stderr, "\n");                                                          \
      std::fflush(stderr);                                                                 \
      __builtin_trap();                                                                    \
    }                                                                                      \
  } while (0)

// Bit-identical doubles (NaN equal to NaN of any payload; -0 != +0 deliberately not checked).
inline bool same(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return a == b;
}
inline bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}
// Within `rel` relative (or absolute near zero); NaN == NaN, inf == inf of the same sign.
inline bool close(double a, double b, double rel) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  if (std::isinf(a) || std::isinf(b)) return false;
  double scale = std::fmax(1.0, std::fmax(std::fabs(a), std::fabs(b)));
  return std::fabs(a - b) <= rel * scale;
}

template <typename T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<size_t>& p) {
  if (v.empty()) return v;
  std::vector<T> out(v.size());
  for (size_t i = 0; i < p.size(); ++i) out[i] = v[p[i]];
  return out;
}

// The rows of a coded column in the order p gives, over the same levels.
inline infant_all::GroupCodes permuted(const infant_all::GroupCodes& g,
                                       const std::vector<size_t>& p) {
  return infant_all::GroupCodes(g.levels, permuted(g.code, p));
}

}  // namespace fuzz
