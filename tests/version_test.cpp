#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "infant_all/status.h"
#include "infant_all/version.h"

TEST_CASE("version is the CMake project version, MAJOR.MINOR.PATCH") {
  const std::string v = infant_all::version();
  CHECK(v == INFANT_ALL_EXPECTED_VERSION);
  CHECK(std::count(v.begin(), v.end(), '.') == 2);
}

TEST_CASE("status codes print as the snake_case names used in JSON") {
  using infant_all::StatusCode;
  CHECK(std::strcmp(infant_all::to_string(StatusCode::ok), "ok") == 0);
  CHECK(std::strcmp(infant_all::to_string(StatusCode::monotone_likelihood),
                    "monotone_likelihood") == 0);
  CHECK(infant_all::Status{}.ok());
  CHECK_FALSE(infant_all::Status::invalid("km: time[3] is negative (-1)").ok());
}
