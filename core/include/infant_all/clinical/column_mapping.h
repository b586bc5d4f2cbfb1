// Header -> canonical column names (docs/CLINICAL-INPUTS.md, "Column names"). Matching is
// case-insensitive, ignores surrounding whitespace, treats runs of spaces, hyphens, dots and
// underscores as one separator, and takes a trailing "(...)" or "[...]" as a unit that is
// captured and stripped ("WBC (/µL)" -> wbc, unit "/uL"). A name that matches nothing is retried
// without a unit suffix (_x10e9_l, _g_l, _k_ul, _per_ul, _per_mm3), which is then the unit. The
// mapping is returned for the user to confirm or override (`--map canonical=column`); nothing
// here converts values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

struct CanonicalColumn {
  const char* name;
  std::vector<const char*> aliases;  // already normalised (lower case, '_' separators)
  const char* note;                  // what the column is, and the document that describes it
};
// Every canonical column: the clinical inputs (docs/CLINICAL-INPUTS.md), the outcome columns the
// endpoints are derived from, and ready-made endpoint columns (efs_time/efs_status, os_*, dfs_*,
// cir_*) (both in docs/ENGINE.md, "Endpoints derived from dates").
const std::vector<CanonicalColumn>& canonical_columns();

// Lower case, trimmed, separators unified to '_', unit removed. `unit` (optional) receives the
// text inside a trailing (...) or [...], trimmed, with µ/μ written as 'u'.
std::string normalize_header(std::string_view header, std::string* unit = nullptr);

struct ColumnMatch {
  std::string canonical;
  size_t column = 0;  // 0-based index into the headers
  std::string header;
  std::string unit;        // from "(...)" or a name suffix; "" when none
  std::string matched_by;  // "name", "alias", "unit suffix", "override"
};

struct HeaderConflict {
  std::string canonical;
  std::vector<std::string> headers;  // two or more headers claiming the same canonical column
};

struct ColumnMapping {
  Status status;
  std::vector<ColumnMatch> matches;            // in header order
  std::vector<HeaderConflict> conflicts;       // left unmapped until the user chooses (--map)
  std::vector<std::string> duplicate_headers;  // identical header text more than once
  std::vector<std::string> unknown_headers;    // kept as grouping variables
  std::vector<size_t> unknown_columns;
  std::vector<std::string> notes;

  int column_of(std::string_view canonical) const;  // -1 when not mapped
  const ColumnMatch* find(std::string_view canonical) const;
};

// One "canonical=column" override as given on the command line. An empty column unmaps.
struct MapOverride {
  std::string canonical;
  std::string column;
};
Status parse_map_override(std::string_view text, MapOverride* out);

// Maps headers to canonical names; overrides win and resolve conflicts. An override naming an
// unknown canonical or a missing column is an error (status), not ignored.
ColumnMapping map_columns(const std::vector<std::string>& headers,
                          const std::vector<MapOverride>& overrides = {});

}  // namespace infant_all
