#include "infant_all/clinical/endpoints.h"

#include <cmath>
#include <limits>
#include <map>

#include "infant_all/format.h"

namespace infant_all {
namespace {

constexpr int32_t kNone = kMissingDate;

std::string lower_norm(std::string_view s) {
  std::string out;
  for (char c : trim_cell(s)) {
    if (c == ' ' || c == '-') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

// Date column by canonical name, as int32 days per table row (all missing when unmapped).
struct DateColumn {
  bool mapped = false;
  std::vector<int32_t> days;
};

DateColumn date_column(const Table& t, const ColumnMapping& m, const char* canonical,
                       const DateOptions& opts, std::vector<CellIssue>* issues) {
  DateColumn d;
  d.days.assign(t.n_rows, kNone);
  const int j = m.column_of(canonical);
  if (j < 0) return d;
  d.mapped = true;
  const Column& c = t.columns[static_cast<size_t>(j)];
  if (c.type == ColumnType::date) {
    d.days = c.codes;
  } else if (c.type != ColumnType::empty) {
    d.days = to_date_column(c, opts, t, issues).codes;
  }
  return d;
}

struct Ctx {
  const Table& t;
  const Column* id_column = nullptr;    // patient_id, when mapped
  const Column* type_column = nullptr;  // event_type, when mapped
  std::vector<int32_t> diag, evt, lfu, death, relapse, cr, smn, rand, eoi;
  std::vector<int> type;  // EventType, -1 missing, -2 unrecognised

  // Texts for messages only, taken from the table when a row is excluded.
  std::string id(size_t i) const { return id_column ? id_column->cell_text(i) : std::string(); }
  std::string type_text(size_t i) const {
    return type_column ? type_column->cell_text(i) : std::string();
  }
};

void exclude(Endpoint& e, const Ctx& c, size_t i, std::string reason) {
  e.excluded.push_back(
      RowExclusion{c.t.row_numbers[i], c.t.row_lines[i], c.id(i), std::move(reason)});
}

void reserve(Endpoint& e, size_t n) {
  e.table_row.reserve(n);
  e.time.reserve(n);
  e.status.reserve(n);
}

void use(Endpoint& e, size_t i, double days, int status, TimeUnit unit) {
  e.table_row.push_back(i);
  e.time.push_back(days_to_unit(days, unit));
  e.status.push_back(status);
  if (status == 1) ++e.n_events;
  if (status == 2) ++e.n_competing;
}

// The event date of row i, or kNone with `problem` set.
int32_t event_date(const Ctx& c, size_t i, const EndpointOptions& o, std::string* problem) {
  const auto t = static_cast<EventType>(c.type[i]);
  int32_t own = kNone;
  const char* own_name = "";
  switch (t) {
    case EventType::none:
      return kNone;
    case EventType::resistance:
      if (o.induction_failure_time == InductionFailureTime::zero) return c.diag[i];
      if (c.eoi[i] != kNone) return c.eoi[i];
      if (c.evt[i] != kNone) return c.evt[i];
      *problem =
          "event_type resistance without eoi_date or event_date "
          "(induction_failure_time = eoi_date)";
      return kNone;
    case EventType::induction_death:
    case EventType::death_in_cr:
      own = c.death[i];
      own_name = "death_date";
      break;
    case EventType::relapse:
      own = c.relapse[i];
      own_name = "relapse_date";
      break;
    case EventType::smn:
      own = c.smn[i];
      own_name = "smn_date";
      break;
  }
  if (c.evt[i] != kNone && own != kNone && c.evt[i] != own) {
    *problem = "event_date " + format_iso_date(c.evt[i]) + " differs from " + own_name + " " +
               format_iso_date(own);
    return kNone;
  }
  const int32_t e = c.evt[i] != kNone ? c.evt[i] : own;
  if (e == kNone) {
    *problem = std::string("event_type ") + to_string(t) + " without a date (event_date or " +
               own_name + ")";
  }
  return e;
}

// Checks shared by EFS, DFS and CIR: a usable event type and date, ordered dates.
bool event_record_ok(const Ctx& c, size_t i, const EndpointOptions& o, int32_t* e,
                     std::string* problem) {
  if (c.type[i] == -1) {
    *problem = "event_type missing";
    return false;
  }
  if (c.type[i] == -2) {
    *problem = "event_type '" + c.type_text(i) +
               "' is not one of none, induction_death, resistance, relapse, death_in_cr, smn "
               "(recode it: --recode event_type:" +
               c.type_text(i) + "=relapse, say)";
    return false;
  }
  if (c.diag[i] == kNone) {
    *problem = "diagnosis_date missing";
    return false;
  }
  if (c.relapse[i] != kNone && c.death[i] != kNone && c.relapse[i] > c.death[i]) {
    *problem = "relapse_date " + format_iso_date(c.relapse[i]) + " after death_date " +
               format_iso_date(c.death[i]);
    return false;
  }
  const auto t = static_cast<EventType>(c.type[i]);
  if (t == EventType::none) {
    if (c.death[i] != kNone) {
      *problem = "death_date given but event_type none";
      return false;
    }
    if (c.lfu[i] == kNone) {
      *problem = "last_followup_date missing (no censoring time)";
      return false;
    }
    if (c.lfu[i] < c.diag[i]) {
      *problem = "last_followup_date " + format_iso_date(c.lfu[i]) + " before diagnosis_date " +
                 format_iso_date(c.diag[i]);
      return false;
    }
    *e = kNone;
    return true;
  }
  *e = event_date(c, i, o, problem);
  if (*e == kNone) return false;
  if (*e < c.diag[i]) {
    *problem = std::string(to_string(t)) + " date " + format_iso_date(*e) +
               " before diagnosis_date " + format_iso_date(c.diag[i]);
    return false;
  }
  return true;
}

const char* start_column(EndpointStart s) {
  switch (s) {
    case EndpointStart::diagnosis:
      return "diagnosis_date";
    case EndpointStart::randomisation:
      return "randomisation_date";
    case EndpointStart::cr_date:
      return "cr_date";
  }
  return "";
}

const std::vector<int32_t>& start_dates(const Ctx& c, EndpointStart s) {
  switch (s) {
    case EndpointStart::randomisation:
      return c.rand;
    case EndpointStart::cr_date:
      return c.cr;
    default:
      return c.diag;
  }
}

// Ready-made columns: time in input units, status coded 0/1 (0/1/2 for CIR).
bool from_columns(const Table& t, const ColumnMapping& m, const Ctx& c, const char* time_name,
                  const char* status_name, int max_status, const EndpointOptions& o, Endpoint* e) {
  const int jt = m.column_of(time_name), js = m.column_of(status_name);
  if (jt < 0 || js < 0) return false;
  e->available = true;
  e->source = std::string("columns ") + time_name + "/" + status_name;
  e->start = "as given";
  const Column& ct = t.columns[static_cast<size_t>(jt)];
  const Column& cs = t.columns[static_cast<size_t>(js)];
  const bool numeric_t = ct.type == ColumnType::number || ct.type == ColumnType::integer;
  const bool numeric_s = cs.type == ColumnType::number || cs.type == ColumnType::integer;
  if (!numeric_t || !numeric_s) {
    e->available = false;
    e->note = std::string(time_name) + " and " + status_name + " must be numeric columns";
    return true;
  }
  const double to_days = o.input_time_unit == TimeUnit::days     ? 1.0
                         : o.input_time_unit == TimeUnit::months ? kDaysPerMonth
                                                                 : kDaysPerYear;
  for (size_t i = 0; i < t.n_rows; ++i) {
    const double tm = ct.numbers[i], st = cs.numbers[i];
    if (std::isnan(tm) || std::isnan(st)) {
      exclude(*e, c, i, std::string(std::isnan(tm) ? time_name : status_name) + " missing");
    } else if (tm < 0) {
      exclude(*e, c, i, std::string(time_name) + " is negative (" + format_number(tm) + ")");
    } else if (st != std::floor(st) || st < 0 || st > max_status) {
      exclude(*e, c, i,
              std::string(status_name) + " is " + format_number(st) + ", not 0.." +
                  std::to_string(max_status));
    } else {
      use(*e, i, tm * to_days, static_cast<int>(st), o.time_unit);
    }
  }
  return true;
}

}  // namespace

const char* to_string(TimeUnit u) {
  switch (u) {
    case TimeUnit::days:
      return "days";
    case TimeUnit::months:
      return "months";
    case TimeUnit::years:
      return "years";
  }
  return "";
}

const char* to_string(EventType e) {
  switch (e) {
    case EventType::none:
      return "none";
    case EventType::induction_death:
      return "induction_death";
    case EventType::resistance:
      return "resistance";
    case EventType::relapse:
      return "relapse";
    case EventType::death_in_cr:
      return "death_in_cr";
    case EventType::smn:
      return "smn";
  }
  return "";
}

const char* to_string(EndpointStart s) { return start_column(s); }

bool parse_event_type(std::string_view text, EventType* out) {
  const std::string s = lower_norm(text);
  static const EventType kAll[] = {EventType::none,        EventType::induction_death,
                                   EventType::resistance,  EventType::relapse,
                                   EventType::death_in_cr, EventType::smn};
  for (EventType e : kAll) {
    if (s == to_string(e)) {
      *out = e;
      return true;
    }
  }
  return false;
}

double days_to_unit(double days, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::days:
      return days;
    case TimeUnit::months:
      return days / kDaysPerMonth;
    case TimeUnit::years:
      return days / kDaysPerYear;
  }
  return days;
}

EndpointSet derive_endpoints(const Table& t, const ColumnMapping& m, const EndpointOptions& o) {
  EndpointSet r;
  r.options = o;
  if (!t.status.ok()) {
    r.status = Status::invalid("derive_endpoints: the table was not read: " + t.status.message);
    return r;
  }
  if (o.os_start == EndpointStart::cr_date) {
    r.status = Status::invalid("derive_endpoints: os_start must be diagnosis or randomisation");
    return r;
  }
  if (o.dfs_start == EndpointStart::diagnosis) {
    r.status = Status::invalid(
        "derive_endpoints: dfs_start must be randomisation or cr_date (DFS starts in CR)");
    return r;
  }
  const char* unit_words = o.time_unit == TimeUnit::days     ? "days"
                           : o.time_unit == TimeUnit::months ? "months (days / 30.4375)"
                                                             : "years (days / 365.25)";
  r.settings = std::string("induction_failure_time = ") +
               (o.induction_failure_time == InductionFailureTime::zero ? "0" : "eoi_date") +
               "; time unit = " + unit_words + "; OS from " + start_column(o.os_start) +
               "; DFS from " + start_column(o.dfs_start) + "; CIR from " +
               start_column(o.cir_start) + ", relapse = 1, death in CR and SMN = 2" +
               (o.cir_start == EndpointStart::diagnosis
                    ? ", induction death and resistance = 2 (they preclude relapse)"
                    : ", patients not in CR excluded") +
               ", censored = 0";

  Ctx c{t};
  const int jid = m.column_of("patient_id");
  if (jid >= 0) c.id_column = &t.columns[static_cast<size_t>(jid)];
  auto dc = [&](const char* name) {
    DateColumn d = date_column(t, m, name, o.dates, &r.date_issues);
    return d;
  };
  const DateColumn diag = dc("diagnosis_date"), evt = dc("event_date"),
                   lfu = dc("last_followup_date"), death = dc("death_date"),
                   relapse = dc("relapse_date"), cr = dc("cr_date"), smn = dc("smn_date"),
                   rand = dc("randomisation_date"), eoi = dc("eoi_date");
  c.diag = diag.days;
  c.evt = evt.days;
  c.lfu = lfu.days;
  c.death = death.days;
  c.relapse = relapse.days;
  c.cr = cr.days;
  c.smn = smn.days;
  c.rand = rand.days;
  c.eoi = eoi.days;
  c.type.assign(t.n_rows, -1);
  const int jtype = m.column_of("event_type");
  if (jtype >= 0) {
    const Column& col = t.columns[static_cast<size_t>(jtype)];
    c.type_column = &col;
    auto code = [&o](const std::string& text) {
      const std::string* to = recoded_value(o.recodes, "event_type", text);
      EventType e{};
      return parse_event_type(to != nullptr ? *to : text, &e) ? static_cast<int>(e) : -2;
    };
    // A categorical column's levels are read once each.
    std::vector<int> by_level;
    if (col.type == ColumnType::categorical || col.type == ColumnType::boolean) {
      for (const std::string& level : col.levels) by_level.push_back(code(level));
    }
    for (size_t i = 0; i < t.n_rows; ++i) {
      if (col.is_missing(i)) continue;
      c.type[i] =
          by_level.empty() ? code(col.cell_text(i)) : by_level[static_cast<size_t>(col.codes[i])];
    }
  }
  const bool have_dates = diag.mapped && jtype >= 0;

  // ---- EFS
  r.efs.name = "efs";
  if (!from_columns(t, m, c, "efs_time", "efs_status", 1, o, &r.efs)) {
    r.efs.start = "diagnosis_date";
    r.efs.source = "dates";
    r.efs.available = have_dates && lfu.mapped;
    if (!r.efs.available) {
      r.efs.note =
          "needs diagnosis_date, event_type and last_followup_date (or efs_time and "
          "efs_status)";
    }
    if (r.efs.available) reserve(r.efs, t.n_rows);
    for (size_t i = 0; r.efs.available && i < t.n_rows; ++i) {
      int32_t e = kNone;
      std::string problem;
      if (!event_record_ok(c, i, o, &e, &problem)) {
        exclude(r.efs, c, i, problem);
      } else if (e == kNone) {
        use(r.efs, i, c.lfu[i] - c.diag[i], 0, o.time_unit);
      } else {
        use(r.efs, i, e - c.diag[i], 1, o.time_unit);
      }
    }
  }

  // ---- OS
  r.os.name = "os";
  if (!from_columns(t, m, c, "os_time", "os_status", 1, o, &r.os)) {
    r.os.start = start_column(o.os_start);
    r.os.source = "dates";
    const std::vector<int32_t>& start = start_dates(c, o.os_start);
    const bool start_mapped = o.os_start == EndpointStart::diagnosis ? diag.mapped : rand.mapped;
    r.os.available = start_mapped && (death.mapped || lfu.mapped);
    if (!r.os.available) {
      r.os.note = std::string("needs ") + start_column(o.os_start) +
                  " and death_date / last_followup_date (or os_time and os_status)";
    }
    if (r.os.available) reserve(r.os, t.n_rows);
    for (size_t i = 0; r.os.available && i < t.n_rows; ++i) {
      if (start[i] == kNone) {
        exclude(r.os, c, i, std::string(start_column(o.os_start)) + " missing");
        continue;
      }
      int32_t d = c.death[i];
      const bool died_by_type = c.type[i] == static_cast<int>(EventType::induction_death) ||
                                c.type[i] == static_cast<int>(EventType::death_in_cr);
      if (d == kNone && died_by_type) {
        if (c.evt[i] == kNone) {
          exclude(
              r.os, c, i,
              std::string("event_type ") + c.type_text(i) + " without a death_date or event_date");
          continue;
        }
        d = c.evt[i];
      }
      if (d != kNone) {
        if (d < start[i]) {
          exclude(r.os, c, i,
                  "death_date " + format_iso_date(d) + " before " + start_column(o.os_start) + " " +
                      format_iso_date(start[i]));
        } else {
          use(r.os, i, d - start[i], 1, o.time_unit);
        }
        continue;
      }
      if (c.lfu[i] == kNone) {
        exclude(r.os, c, i, "last_followup_date missing (no censoring time)");
      } else if (c.lfu[i] < start[i]) {
        exclude(r.os, c, i,
                "last_followup_date " + format_iso_date(c.lfu[i]) + " before " +
                    start_column(o.os_start) + " " + format_iso_date(start[i]));
      } else {
        use(r.os, i, c.lfu[i] - start[i], 0, o.time_unit);
      }
    }
  }

  // ---- DFS and CIR share the "in CR from a start date" logic.
  auto derive_from_start = [&](Endpoint& ep, EndpointStart s, bool competing) {
    const std::vector<int32_t>& start = start_dates(c, s);
    const bool start_mapped = s == EndpointStart::diagnosis       ? diag.mapped
                              : s == EndpointStart::randomisation ? rand.mapped
                                                                  : cr.mapped;
    ep.start = start_column(s);
    ep.source = "dates";
    ep.available = have_dates && lfu.mapped && start_mapped;
    if (!ep.available) {
      ep.note = std::string("needs diagnosis_date, event_type, last_followup_date and ") +
                start_column(s) + " (or " + ep.name + "_time and " + ep.name + "_status)";
      return;
    }
    reserve(ep, t.n_rows);
    for (size_t i = 0; i < t.n_rows; ++i) {
      if (start[i] == kNone) {
        exclude(ep, c, i,
                std::string(start_column(s)) + " missing (not in the " + ep.name + " analysis)");
        continue;
      }
      int32_t e = kNone;
      std::string problem;
      if (!event_record_ok(c, i, o, &e, &problem)) {
        exclude(ep, c, i, problem);
        continue;
      }
      const auto type = static_cast<EventType>(c.type[i]);
      const bool never_in_cr = type == EventType::induction_death || type == EventType::resistance;
      if (never_in_cr && s != EndpointStart::diagnosis) {
        exclude(ep, c, i, std::string("not in CR (event_type ") + to_string(type) + ")");
        continue;
      }
      if (s != EndpointStart::diagnosis && start[i] < c.diag[i]) {
        exclude(ep, c, i, std::string(start_column(s)) + " before diagnosis_date");
        continue;
      }
      const int32_t end = e == kNone ? c.lfu[i] : e;
      if (end < start[i]) {
        exclude(ep, c, i,
                std::string(e == kNone ? "last_followup_date " : "event date ") +
                    format_iso_date(end) + " before " + start_column(s) + " " +
                    format_iso_date(start[i]));
        continue;
      }
      int status = 0;
      if (e != kNone) {
        status = !competing || type == EventType::relapse ? 1 : 2;
      }
      use(ep, i, end - start[i], status, o.time_unit);
    }
  };
  r.dfs.name = "dfs";
  if (!from_columns(t, m, c, "dfs_time", "dfs_status", 1, o, &r.dfs)) {
    derive_from_start(r.dfs, o.dfs_start, false);
  }
  r.cir.name = "cir";
  if (!from_columns(t, m, c, "cir_time", "cir_status", 2, o, &r.cir)) {
    derive_from_start(r.cir, o.cir_start, true);
  }
  return r;
}

ValidationReport build_validation_report(const Table& t, const ColumnMapping& m,
                                         const EndpointSet* ep) {
  ValidationReport v;
  v.rows_in_table = t.n_rows;
  v.rows_read = t.n_rows + t.ragged_rows.size();
  v.rows_used.push_back(RowsUsed{"table", t.n_rows});
  const int jid = m.column_of("patient_id");
  auto id_of_row = [&](size_t i) {
    return jid >= 0 ? t.columns[static_cast<size_t>(jid)].cell_text(i) : std::string();
  };
  for (const RaggedRow& rr : t.ragged_rows) {
    v.excluded.push_back(ExcludedRow{
        "table", rr.row, rr.line, "",
        "has " + std::to_string(rr.found) + " fields, expected " + std::to_string(rr.expected)});
  }
  for (const CellIssue& ci : t.misfits) {
    v.coerced.push_back(CoercedValue{ci.row, ci.line, ci.column, ci.value,
                                     "set missing (column is " + ci.expected + "): " + ci.reason});
  }
  v.n_coerced = t.n_misfits;
  if (jid >= 0) {
    std::map<std::string, size_t> count;
    for (size_t i = 0; i < t.n_rows; ++i) {
      const std::string id = id_of_row(i);
      if (!id.empty() && ++count[id] == 2) v.duplicated_patient_ids.push_back(id);
    }
  }
  v.assumptions = t.notes;
  v.assumptions.insert(v.assumptions.end(), m.notes.begin(), m.notes.end());
  v.assumptions.push_back(
      std::string("encoding ") + to_string(t.encoding) + ", delimiter '" +
      (t.dialect.delimiter == '\t' ? std::string("tab") : std::string(1, t.dialect.delimiter)) +
      "', decimal mark '" + std::string(1, t.dialect.decimal_mark) + "'");
  if (ep != nullptr) {
    for (const CellIssue& ci : ep->date_issues) {
      v.coerced.push_back(
          CoercedValue{ci.row, ci.line, ci.column, ci.value, "set missing: " + ci.reason});
      ++v.n_coerced;
    }
    v.assumptions.push_back(ep->settings);
    for (const Endpoint* e : {&ep->efs, &ep->os, &ep->dfs, &ep->cir}) {
      if (!e->available) {
        v.summary.push_back(e->name + " not derived: " + e->note);
        continue;
      }
      v.rows_used.push_back(RowsUsed{e->name, e->time.size()});
      for (const RowExclusion& x : e->excluded) {
        v.excluded.push_back(ExcludedRow{e->name, x.row, x.line, x.patient_id, x.reason});
      }
      v.summary.push_back(e->name + ": " + std::to_string(e->time.size()) + " of " +
                          std::to_string(t.n_rows) + " rows used, " +
                          std::to_string(e->excluded.size()) + " excluded");
    }
  }
  if (jid < 0) v.summary.push_back("no patient_id column: rows cannot be checked for duplicates");
  if (!v.duplicated_patient_ids.empty()) {
    v.summary.push_back(std::to_string(v.duplicated_patient_ids.size()) +
                        " patient_id value(s) appear more than once: fix before analysis");
  }
  if (!t.ragged_rows.empty()) {
    v.summary.push_back(std::to_string(t.ragged_rows.size()) +
                        " row(s) with the wrong number of fields were left out (check quoting "
                        "and the delimiter)");
  }
  if (t.n_misfits > 0) {
    v.summary.push_back(std::to_string(t.n_misfits) +
                        " cell(s) did not fit their column's type and were set missing");
  }
  if (!m.conflicts.empty()) {
    v.summary.push_back(std::to_string(m.conflicts.size()) +
                        " canonical column(s) claimed by several headers: choose with --map");
  }
  return v;
}

Status times_from_start(const Table& t, const ColumnMapping& m, const EndpointOptions& o,
                        const Endpoint& e, const Column& column, const std::vector<size_t>& rows,
                        std::vector<double>* out) {
  out->clear();
  if (column.type == ColumnType::number || column.type == ColumnType::integer) {
    // Numbers are times already, in the unit of the file's time columns.
    const double to_days = o.input_time_unit == TimeUnit::days     ? 1.0
                           : o.input_time_unit == TimeUnit::months ? kDaysPerMonth
                                                                   : kDaysPerYear;
    out->resize(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      (*out)[k] = days_to_unit(column.numbers[rows[k]] * to_days, o.time_unit);
    }
    return Status();
  }
  if (e.source != "dates") {
    return Status::invalid("column", 0,
                           "endpoint " + e.name + " comes from " + e.source +
                               ", not from dates: there is no start date to measure the dates "
                               "of '" +
                               column.name + "' from");
  }
  std::vector<CellIssue> issues;
  const DateColumn start = date_column(t, m, e.start.c_str(), o.dates, &issues);
  std::vector<int32_t> days;
  if (column.type == ColumnType::date) {
    days = column.codes;
  } else if (column.type == ColumnType::empty) {
    days.assign(t.n_rows, kNone);
  } else {
    days = to_date_column(column, o.dates, t, &issues).codes;
  }
  for (const CellIssue& c : issues) {
    if (c.column != column.name) continue;  // the start column's were reported by the endpoint
    return Status::invalid("column", c.row,
                           "column '" + column.name + "' data row " + std::to_string(c.row) +
                               " (file line " + std::to_string(c.line) + "): '" + c.value +
                               "' is not a date (" + c.reason + ")");
  }
  out->resize(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    const size_t i = rows[k];
    const int32_t s = start.days[i], d = days[i];
    (*out)[k] = s == kNone || d == kNone
                    ? std::numeric_limits<double>::quiet_NaN()
                    : days_to_unit(static_cast<double>(d) - static_cast<double>(s), o.time_unit);
  }
  return Status();
}

}  // namespace infant_all
