#include "cox_counting.h"

#include <algorithm>
#include <cmath>

#include "cox_radix_sort.h"
#include "infant_all/format.h"
#include "timefix.h"

namespace infant_all::detail {

Status check_entry(const std::vector<double>& entry, const std::vector<double>& time,
                   const std::string& fn, std::vector<char>& missing) {
  for (std::size_t i = 0; i < entry.size(); ++i) {
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    if (std::isinf(entry[i])) {
      return Status::invalid("entry", i + 1, fn + "entry" + row() + " is infinite");
    }
    if (std::isnan(entry[i])) {
      missing[i] = 1;
    } else if (!missing[i] && !(entry[i] < time[i])) {
      return Status::invalid("entry", i + 1,
                             fn + "entry" + row() + " (" + format_number(entry[i]) +
                                 ") is not before time" + row() + " (" + format_number(time[i]) +
                                 ")");
    }
  }
  return Status{};
}

Status merge_counting_times(const std::vector<double>& time, const std::vector<double>& entry,
                            const std::vector<std::size_t>& kept_rows, bool timefix,
                            const std::string& fn, std::vector<double>& time_out,
                            std::vector<double>& entry_out) {
  time_out = time;
  std::vector<double> entry_all = entry;
  if (timefix) {  // aeqSurv on both columns of the used rows as one set of times
    std::vector<char> used(time.size(), 0);
    for (const std::size_t i : kept_rows) used[i] = 1;
    const std::size_t bad = merge_near_ties_intervals(&entry_all, &time_out,
                                                      [&](std::size_t i) { return used[i] != 0; });
    if (bad > 0) {
      const std::size_t i = bad - 1;
      const std::string row = "[" + std::to_string(bad) + "]";
      return Status::invalid("entry", bad,
                             fn + "entry" + row + " (" + format_number(entry[i]) + ") and time" +
                                 row + " (" + format_number(time[i]) +
                                 ") differ by less than the timefix tolerance, leaving an "
                                 "interval of length 0 (R: aeqSurv exception)");
    }
  }
  entry_out.resize(kept_rows.size());
  for (std::size_t k = 0; k < kept_rows.size(); ++k) entry_out[k] = entry_all[kept_rows[k]];
  return Status{};
}

RiskSetExits build_exits(const std::vector<double>& kept_entry, const std::uint32_t* order,
                         const double* time, const std::vector<std::size_t>& stratum_end) {
  RiskSetExits e;
  e.pos.resize(stratum_end.empty() ? 0 : stratum_end.back());
  e.entry.resize(e.pos.size());
  ScratchVector<KeyedRow> keyed, scratch;
  std::size_t begin = 0;
  for (std::size_t v = 0; v < stratum_end.size(); ++v) {
    const std::size_t end = stratum_end[v];
    for (std::size_t r = begin; r < end; ++r) {
      if (r + 1 == end || time[r + 1] != time[r]) {
        e.group_time.push_back(time[r]);
        e.group_stratum.push_back(static_cast<std::uint32_t>(v));
      }
    }
    // Latest entry first; ties by position (a stable radix sort of the positions in order), so
    // the sums run in one order whatever the input.
    keyed.resize(end - begin);
    for (std::size_t r = begin; r < end; ++r) {
      keyed[r - begin] = {~sortable_bits(kept_entry[order[r]] + 0.0),
                          static_cast<std::uint32_t>(r)};
    }
    radix_sort(keyed, scratch);
    for (std::size_t r = begin; r < end; ++r) e.pos[r] = keyed[r - begin].row;
    begin = end;
  }
  for (std::size_t j = 0; j < e.pos.size(); ++j) e.entry[j] = kept_entry[order[e.pos[j]]];
  e.stratum_end = stratum_end;
  return e;
}

}  // namespace infant_all::detail
