// Shared helpers for the doctest suite: tolerant comparison with a stated tolerance, and reading
// the committed golden files (tests/golden/*.json, written by tests/golden/generate.R).
#pragma once

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all::test {

// Tolerances stated once (docs/ENGINE.md): direct estimators agree with R to ~1e-10 relative,
// iterative fits (Cox) to ~1e-7.
inline constexpr double kDirectTol = 1e-10;
inline constexpr double kIterativeTol = 1e-7;

// |a - b| <= tol * max(1, |b|); NaN matches only NaN (R's NA), +-inf only the same inf.
inline bool close(double a, double b, double tol) {
  if (std::isnan(b)) return std::isnan(a);
  if (std::isinf(b)) return a == b;
  return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

#define CHECK_CLOSE(a, b, tol)                                               \
  do {                                                                       \
    const double check_close_a_ = (a), check_close_b_ = (b);                 \
    INFO(#a " = " << check_close_a_ << ", expected " << check_close_b_);     \
    CHECK(::infant_all::test::close(check_close_a_, check_close_b_, (tol))); \
  } while (0)

// |a - b| <= tol |b|: strictly relative, so small p-values are held to the same standard as
// large statistics; NaN matches only NaN (R's NA), +-inf only the same inf.
inline bool rel_close(double a, double b, double tol) {
  if (std::isnan(b)) return std::isnan(a);
  if (std::isinf(b)) return a == b;
  return std::fabs(a - b) <= tol * std::fabs(b);
}

#define CHECK_REL(a, b, tol)                                                 \
  do {                                                                       \
    const double check_rel_a_ = (a), check_rel_b_ = (b);                     \
    INFO(#a " = " << check_rel_a_ << ", expected " << check_rel_b_);         \
    CHECK(::infant_all::test::rel_close(check_rel_a_, check_rel_b_, (tol))); \
  } while (0)

inline std::string data_path(const std::string& relative) {
  return std::string(INFANT_ALL_TEST_DIR) + "/" + relative;
}

// A file under tests/, byte for byte.
inline std::string read_bytes(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << data_path(relative));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json load_json(const std::string& relative) {
  return nlohmann::json::parse(read_bytes(relative));
}

// Golden JSON (tests/golden/json_writer.R) writes R's NA as null and +-Inf as "Inf"/"-Inf".
inline double num(const nlohmann::json& v) {
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (v.is_string()) {
    return v.get<std::string>() == "-Inf" ? -std::numeric_limits<double>::infinity()
                                          : std::numeric_limits<double>::infinity();
  }
  return v.get<double>();
}

inline std::vector<double> nums(const nlohmann::json& arr) {
  std::vector<double> out;
  if (arr.is_array()) {
    for (const auto& v : arr) out.push_back(num(v));
  } else {
    out.push_back(num(arr));  // a scalar() from json_writer.R
  }
  return out;
}

// Labels (groups, strata, names) from golden JSON: text as written, a number as JSON writes it
// (R's 1 -> "1"), R's NA (null) -> "" (the estimators' missing label).
inline std::vector<std::string> labels(const nlohmann::json& arr) {
  std::vector<std::string> out;
  for (const auto& v : arr) {
    out.push_back(v.is_null() ? std::string() : v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

// Whole numbers (status codes, 1-based rows, 0/1 flags) from golden JSON; R's NA (null) is the
// estimators' missing status.
inline std::vector<int> ints(const nlohmann::json& arr) {
  std::vector<int> out;
  for (double v : nums(arr)) {
    out.push_back(std::isnan(v) ? kMissingStatusCode : static_cast<int>(v));
  }
  return out;
}

}  // namespace infant_all::test
