#include "axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace infant_all::contract {
namespace {

// JavaScript's Math.round: halves go up (std::round takes them away from zero).
double js_round(double x) { return std::floor(x + 0.5); }

// d3-array's tickSpec: the first and last tick index and the increment (negative: its
// reciprocal, so that 0.1 steps stay exact as i / 10).
struct TickSpec {
  double i1, i2, inc;
};
TickSpec tick_spec(double start, double stop, double count) {
  const double e10 = std::sqrt(50.0), e5 = std::sqrt(10.0), e2 = std::sqrt(2.0);
  const double step = (stop - start) / std::max(0.0, count);
  const double power = std::floor(std::log10(step));
  const double error = step / std::pow(10.0, power);
  const double factor = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1;
  double i1, i2, inc;
  if (power < 0) {
    inc = std::pow(10.0, -power) / factor;
    i1 = js_round(start * inc);
    i2 = js_round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = std::pow(10.0, power) * factor;
    i1 = js_round(start / inc);
    i2 = js_round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tick_spec(start, stop, count * 2);
  return {i1, i2, inc};
}

}  // namespace

std::vector<double> nice_ticks(double max, int target) {
  if (!(max > 0) || !std::isfinite(max)) return {0, 1};
  const double count = target;
  // d3-scale's linear.nice(count): widen the domain to whole steps until the step settles; a
  // domain that has not settled after 10 rounds stays as it was, as in d3.
  double start = 0, stop = max, lo = 0, hi = max, prestep = 0;
  bool have_prestep = false;
  for (int iter = 0; iter < 10; ++iter) {
    const double step = tick_spec(lo, hi, count).inc;
    if (have_prestep && step == prestep) {
      start = lo;
      stop = hi;
      break;
    }
    if (step > 0) {
      lo = std::floor(lo / step) * step;
      hi = std::ceil(hi / step) * step;
    } else if (step < 0) {
      lo = std::ceil(lo * step) / step;
      hi = std::floor(hi * step) / step;
    } else {
      break;
    }
    prestep = step;
    have_prestep = true;
  }
  // d3-array's ticks(start, stop, count).
  std::vector<double> ticks;
  if (start == stop) return {start};
  const TickSpec s = tick_spec(start, stop, count);
  if (!(s.i2 >= s.i1)) return ticks;
  const long n = static_cast<long>(s.i2 - s.i1) + 1;
  for (long i = 0; i < n; ++i) {
    const double k = s.i1 + static_cast<double>(i);
    ticks.push_back(s.inc < 0 ? k / -s.inc : k * s.inc);
  }
  return ticks;
}

bool axis_ticks_requested(const nlohmann::ordered_json& r, double* scale, Errors& err) {
  *scale = 1;
  if (!r.contains("axis_ticks")) return false;
  if (!r["axis_ticks"].is_boolean()) {
    err.fail("--axis-ticks must be true or false");
    return false;
  }
  if (!r["axis_ticks"].get<bool>()) return false;
  get_double(r, "axis_scale", scale, err);
  if (err.ok() && !(*scale > 0 && std::isfinite(*scale))) {
    err.fail("--axis-scale must be a positive number (the time column's units per axis unit)");
  }
  return err.ok();
}

nlohmann::ordered_json axis_ticks_json(double max_time, double scale) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (double t : nice_ticks(max_time / scale)) out.push_back(t);
  return out;
}

}  // namespace infant_all::contract
