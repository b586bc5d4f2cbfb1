// infant-all preview: the first rows of the table as the engine read them (each cell as its
// typed value's text: a date in ISO form, a number as read), so a user sees at once whether the
// delimiter, decimal mark and date order were taken the way the file means them.
#include <algorithm>

#include "command_list.h"

namespace infant_all::contract {

CommandOutput preview_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  double asked = 10;
  get_double(r, "rows", &asked, err);
  if (err.ok() &&
      !(asked >= 0 && asked <= 1000 && asked == static_cast<double>(static_cast<size_t>(asked)))) {
    err.fail("--rows must be a whole number from 0 to 1000 (got " + format_number(asked) + ")");
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const size_t n = std::min(static_cast<size_t>(asked), t.n_rows);
  json columns = json::array();
  for (const Column& c : t.columns) columns.push_back(c.name);
  json rows = json::array();
  for (size_t i = 0; i < n; ++i) {
    json cells = json::array();
    for (const Column& c : t.columns) {
      if (c.is_missing(i)) {
        cells.push_back(nullptr);
      } else {
        cells.push_back(c.cell_text(i));
      }
    }
    rows.push_back({{"row", i < t.row_numbers.size() ? t.row_numbers[i] : i + 1},
                    {"cells", std::move(cells)}});
  }
  out.result = {{"columns", columns}, {"n_rows", t.n_rows}, {"rows", rows}};
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
