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

TEST_CASE("Status carries the argument and the 1-based row beside the message") {
  using infant_all::Status;
  const Status plain = Status::invalid("km: time is empty");
  CHECK(plain.argument.empty());
  CHECK(plain.row == 0);
  const Status at = Status::invalid("time", 3, "km: time[3] is negative (-1)");
  CHECK(at.code == infant_all::StatusCode::invalid_argument);
  CHECK(at.message == "km: time[3] is negative (-1)");
  CHECK(at.argument == "time");
  CHECK(at.row == 3);
  const Status other = Status::error(infant_all::StatusCode::singular, "cox_ph: singular");
  CHECK(other.argument.empty());
  CHECK(other.row == 0);
}
