// Time-axis breaks for a figure, computed where the result is: the page draws the ticks the
// engine returns and asks for the number-at-risk table at exactly those times (KMunicate style).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "columns.h"

namespace infant_all::contract {

// The "nice" ticks from 0 to at least `max` (about `target` of them: 0, 1, 2, ... or 0, 2, 4,
// ... or 0, 0.5, 1, ...), exactly as the page's d3 computes them -
// scaleLinear().domain([0, max]).nice(target).ticks(target) (d3-scale 4, d3-array 3) - so that
// moving the computation into the engine moved no tick. [0, 1] when max is not positive.
std::vector<double> nice_ticks(double max, int target = 6);

// A request's --axis-ticks (true: compute the ticks) and --axis-scale (the time column's units
// per unit of the axis, e.g. 365.25 for days drawn in years; default 1). False when the request
// does not ask for ticks.
bool axis_ticks_requested(const nlohmann::ordered_json& r, double* scale, Errors& err);

// The ticks in the axis's units for a follow-up of `max_time` (in the time column's units).
nlohmann::ordered_json axis_ticks_json(double max_time, double scale);

}  // namespace infant_all::contract
