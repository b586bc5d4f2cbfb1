// The patients of a typed table as the classifier's inputs, each distinct cell value read
// through the vocabulary once: a categorical level by its code, a date or a number by its value
// (up to kMaxCachedValues per column, then each cell is read as it comes), free text by its
// bytes. Reading a cohort then costs a lookup per cell, not a parse.
//
// read(i) builds exactly what patient_from_fields() builds from row i's cell texts
// (Column::raw_text: the file's own text where the typed value loses it, such as "350 G/L" in a
// number column or an MRD written 1e-4), with the fields in the mapping's order and a unit taken
// from the WBC header ("WBC (/uL)") as the wbc_unit field when no unit column is mapped.
//
// With `group_only`, the identifiers and free text no rule reads (patient_id, mrd_method,
// study_group) and columns the classifier ignores are skipped: enough for classify() to settle
// the group (the property test in tests/cohort_patients_test.cpp holds the two equal).
//
// R equivalent: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/io/column_table.h"

namespace infant_all {

namespace cells {
struct CellReading;
}

class CohortPatients {
 public:
  static constexpr std::size_t kMaxCachedValues = 1 << 16;

  // `table` must outlive this object.
  CohortPatients(const Table& table, const ColumnMapping& mapping,
                 const PatientFieldOptions& options, bool group_only = false);
  ~CohortPatients();
  CohortPatients(const CohortPatients&) = delete;
  CohortPatients& operator=(const CohortPatients&) = delete;

  // Row i (0-based, < table.n_rows) into *out, whose storage is reused. Reading the rows in
  // order is fastest (a block of rows is read ahead); any order gives the same patients.
  void read(std::size_t row, PatientBuild* out);

 private:
  struct Reader;
  const Table& table_;
  PatientFieldOptions options_;
  // Rows are read a block at a time, column by column (read_block); kBlockRows keeps a block's
  // readings (one cache line per cell) within a typical L2 cache.
  static constexpr std::size_t kBlockRows = 256;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::size_t block_first_ = 0, block_end_ = 0;   // the rows block_ holds
  std::vector<const cells::CellReading*> block_;  // reader k, row block_first_ + i: k*kBlockRows+i

  void read_block(std::size_t first, std::size_t count);
};

}  // namespace infant_all
