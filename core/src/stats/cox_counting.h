// Private helpers of cox.cpp for counting-process data, Surv(entry, time, status): the checks of
// the entry column, coxph's timefix on entry and time together, and the order in which rows leave
// the risk set during the fit's backward sweep. Not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all::detail {

// What the backward sweep over tied-time groups needs to take rows out of the risk set: a row
// leaves once its entry >= t, so the rows of each stratum are listed by entry, latest first
// (agfit4's second sort order, sort1).
struct RiskSetExits {
  std::vector<double> group_time;            // time of each tied-time group, in sorted order
  std::vector<std::uint32_t> group_stratum;  // its stratum (index into stratum_end)
  std::vector<std::uint32_t> pos;            // sorted-row positions: by stratum, entry descending
  std::vector<double> entry;                 // the entry of each element of pos
  std::vector<std::size_t> stratum_end;      // one past each stratum's last element of pos

  bool empty() const { return group_time.empty(); }
  std::size_t stratum_begin(std::size_t v) const { return v == 0 ? 0 : stratum_end[v - 1]; }
};

// Flags rows whose entry is NaN as missing; an infinite entry, or one not before its (present)
// time on a row not otherwise missing, is an error naming "entry" and the 1-based row, as
// kaplan_meier reports for KmInput.entry.
Status check_entry(const std::vector<double>& entry, const std::vector<double>& time,
                   const std::string& fn, std::vector<char>& missing);

// coxph's timefix for Surv(start, stop): aeqSurv merges near-equal values over entry and time
// as one set. time_out: time with the kept rows' values merged (length of time); entry_out: the
// kept rows' merged entries. An interval that the merge shrinks to length 0 is an error (R:
// "aeqSurv exception, an interval has effective length 0").
Status merge_counting_times(const std::vector<double>& time, const std::vector<double>& entry,
                            const std::vector<std::size_t>& kept_rows, bool timefix,
                            const std::string& fn, std::vector<double>& time_out,
                            std::vector<double>& entry_out);

// The exits for rows sorted by (stratum, time): order[r] is the kept row at sorted position r,
// time[r] its (merged) time, stratum_end one past each stratum's last position; kept_entry is
// indexed by kept row. Tied-time groups are delimited exactly as the fit delimits them.
RiskSetExits build_exits(const std::vector<double>& kept_entry, const std::uint32_t* order,
                         const double* time, const std::vector<std::size_t>& stratum_end);

}  // namespace infant_all::detail
