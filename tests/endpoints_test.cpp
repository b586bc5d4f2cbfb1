// Endpoint derivation (docs/ENGINE.md, "Endpoints derived from dates") on
// tests/data/endpoints_20.csv. Every expected time below is a hand count of days between the two
// dates named (2020 is a leap year: Jan 31, Feb 29, Mar 31, Apr 30, May 31, Jun 30, Jul 31,
// Aug 31, Sep 30, Oct 31, Nov 30, Dec 31), cross-checked with Python's datetime.date subtraction.
#include "infant_all/clinical/endpoints.h"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "test_util.h"

using namespace infant_all;

namespace {

struct Obs {
  double time;
  int status;
};

// patient_id -> (time, status) of the rows used; patient_id -> reason for the excluded ones.
std::map<std::string, Obs> used(const Endpoint& e, const Table& t, const ColumnMapping& m) {
  std::map<std::string, Obs> out;
  const Column& id = t.columns[static_cast<size_t>(m.column_of("patient_id"))];
  for (size_t k = 0; k < e.time.size(); ++k) {
    out[id.cell_text(e.table_row[k])] = Obs{e.time[k], e.status[k]};
  }
  return out;
}
std::map<std::string, std::string> excluded(const Endpoint& e) {
  std::map<std::string, std::string> out;
  for (const RowExclusion& x : e.excluded) out[x.patient_id] = x.reason;
  return out;
}

void check_used(const std::map<std::string, Obs>& got, const std::map<std::string, Obs>& want) {
  CHECK(got.size() == want.size());
  for (const auto& kv : want) {
    CAPTURE(kv.first);
    const auto it = got.find(kv.first);
    REQUIRE(it != got.end());
    CHECK(it->second.time == kv.second.time);
    CHECK(it->second.status == kv.second.status);
  }
}

bool has(const std::map<std::string, std::string>& ex, const std::string& id,
         const std::string& part) {
  const auto it = ex.find(id);
  if (it == ex.end()) return false;
  INFO(id << ": " << it->second);
  return it->second.find(part) != std::string::npos;
}

struct Cohort {
  Table table;
  ColumnMapping mapping;
};
Cohort load() {
  Cohort c;
  c.table = read_csv_table(test::read_bytes("data/endpoints_20.csv"));
  REQUIRE(c.table.status.ok());
  c.mapping = map_columns(c.table.headers());
  REQUIRE(c.mapping.status.ok());
  return c;
}

}  // namespace

TEST_CASE("endpoints: EFS from dates, every event type and inconsistency") {
  const Cohort c = load();
  const EndpointSet r = derive_endpoints(c.table, c.mapping);
  REQUIRE(r.status.ok());
  REQUIRE(r.efs.available);
  CHECK(r.efs.source == "dates");
  check_used(used(r.efs, c.table, c.mapping),
             {
                 {"P01", {366, 0}},  // none: 2021-01-01 - 2020-01-01 (leap year) = 366
                 {"P02", {182, 1}},  // relapse 2020-07-01: 31+29+31+30+31+30 = 182
                 {"P03", {15, 1}},   // induction death 2020-01-25 - 2020-01-10 = 15
                 {"P04", {0, 1}},    // resistance at time 0 (induction_failure_time = 0)
                 {"P05", {121, 1}},  // death in CR 2020-05-01: 31+29+31+30 = 121
                 {"P06", {366, 1}},  // SMN 2021-01-01
                 {"P07", {91, 1}},   // relapse 2020-04-01: 31+29+31 = 91 (death later)
                 {"P17", {366, 1}},  // relapse via event_date 2020-12-01 - 2019-12-01 = 31+335
                 {"P18", {50, 1}},   // death in CR 2020-02-20: 31+19 = 50
                 {"P19", {731, 0}},  // none, 2022-01-01: 366+365 = 731
                 {"P20", {19, 1}},   // induction death via event_date 2020-01-20
             });
  CHECK(r.efs.n_events == 9);
  const auto ex = excluded(r.efs);
  CHECK(ex.size() == 9);
  CHECK(has(ex, "P08", "before diagnosis_date"));
  CHECK(has(ex, "P09", "relapse_date 2020-08-01 after death_date 2020-06-01"));
  CHECK(has(ex, "P10", "event_type relapse without a date"));
  CHECK(has(ex, "P11", "last_followup_date 2020-02-01 before diagnosis_date"));
  CHECK(has(ex, "P12", "'progression' is not one of"));
  CHECK(has(ex, "P13", "event_type missing"));
  CHECK(has(ex, "P14", "death_date given but event_type none"));
  CHECK(has(ex, "P15", "diagnosis_date missing"));
  CHECK(has(ex, "P16", "event_date 2020-05-01 differs from relapse_date 2020-05-02"));
  // Rows are named by data row and file line: P08 is data row 8, file line 9.
  for (const RowExclusion& x : r.efs.excluded) {
    if (x.patient_id == "P08") {
      CHECK(x.row == 8);
      CHECK(x.line == 9);
    }
  }
  CHECK(r.settings.find("induction_failure_time = 0") != std::string::npos);
  CHECK(r.settings.find("time unit = days") != std::string::npos);
}

TEST_CASE("endpoints: OS from dates") {
  const Cohort c = load();
  const EndpointSet r = derive_endpoints(c.table, c.mapping);
  check_used(used(r.os, c.table, c.mapping),
             {
                 {"P01", {366, 0}},
                 {"P02", {366, 0}},
                 {"P03", {15, 1}},
                 {"P04", {365, 0}},  // censored 2020-12-31
                 {"P05", {121, 1}},
                 {"P06", {517, 0}},  // 2021-06-01: 366 + 31+28+31+30+31 = 517
                 {"P07", {244, 1}},  // death 2020-09-01: 31+29+31+30+31+30+31+31 = 244
                 {"P08", {214, 0}},  // 2021-01-01 - 2020-06-01: 30+31+31+30+31+30+31 = 214
                 {"P09", {152, 1}},  // death 2020-06-01: 31+29+31+30+31 = 152 (OS unaffected)
                 {"P10", {335, 0}},  // 2020-12-01: 366 - 31 = 335
                 {"P12", {182, 0}},
                 {"P13", {182, 0}},
                 {"P14", {60, 1}},  // death 2020-03-01: 31+29 = 60
                 {"P16", {365, 0}},
                 {"P17", {456, 0}},  // 2021-03-01 - 2019-12-01: 31+366+59 = 456
                 {"P18", {50, 1}},
                 {"P19", {731, 0}},
                 {"P20", {19, 1}},  // induction death, date from event_date
             });
  const auto ex = excluded(r.os);
  CHECK(ex.size() == 2);
  CHECK(has(ex, "P11", "before diagnosis_date"));
  CHECK(has(ex, "P15", "diagnosis_date missing"));
  CHECK(r.os.n_events == 7);  // deaths: P03, P05, P07, P09, P14, P18, P20
}

TEST_CASE("endpoints: DFS from randomisation and from CR") {
  const Cohort c = load();
  const EndpointSet r = derive_endpoints(c.table, c.mapping);
  CHECK(r.dfs.start == "randomisation_date");
  check_used(used(r.dfs, c.table, c.mapping),
             {
                 {"P01", {306, 0}},  // 2021-01-01 - 2020-03-01: 366 - 60 = 306
                 {"P02", {122, 1}},  // 2020-07-01 - 2020-03-01: 31+30+31+30 = 122
                 {"P05", {61, 1}},   // 2020-05-01 - 2020-03-01: 31+30 = 61
                 {"P06", {306, 1}},  // SMN 2021-01-01
                 {"P07", {31, 1}},   // relapse 2020-04-01
                 {"P17", {304, 1}},  // 2020-12-01 - 2020-02-01: 335 - 31 = 304
                 {"P19", {686, 0}},  // 2022-01-01 - 2020-02-15: 731 - 45 = 686
             });
  const auto ex = excluded(r.dfs);
  CHECK(ex.size() == 13);
  CHECK(has(ex, "P18", "event date 2020-02-20 before randomisation_date 2020-03-01"));
  CHECK(has(ex, "P03", "randomisation_date missing (not in the dfs analysis)"));

  EndpointOptions o;
  o.dfs_start = EndpointStart::cr_date;
  const EndpointSet rc = derive_endpoints(c.table, c.mapping, o);
  const auto got = used(rc.dfs, c.table, c.mapping);
  // P18: death in CR 2020-02-20 - CR 2020-02-05 = 15; P02: 2020-07-01 - 2020-02-05 = 182 - 35.
  CHECK(got.at("P18").time == 15);
  CHECK(got.at("P18").status == 1);
  CHECK(got.at("P02").time == 147);
  CHECK(rc.settings.find("DFS from cr_date") != std::string::npos);
}

TEST_CASE("endpoints: CIR competing-risk status") {
  const Cohort c = load();
  const EndpointSet r = derive_endpoints(c.table, c.mapping);
  check_used(used(r.cir, c.table, c.mapping),
             {
                 {"P01", {366, 0}},
                 {"P02", {182, 1}},
                 {"P03", {15, 2}},   // induction death precludes relapse (from diagnosis)
                 {"P04", {0, 2}},    // resistance, time 0
                 {"P05", {121, 2}},  // death in CR: competing
                 {"P06", {366, 2}},  // SMN: competing
                 {"P07", {91, 1}},
                 {"P17", {366, 1}},
                 {"P18", {50, 2}},
                 {"P19", {731, 0}},
                 {"P20", {19, 2}},
             });
  CHECK(r.cir.n_events == 3);
  CHECK(r.cir.n_competing == 6);
  CHECK(excluded(r.cir).size() == 9);

  // From randomisation only patients in CR are at risk.
  std::string csv =
      "patient_id,diagnosis_date,event_type,last_followup_date,randomisation_date,eoi_date\n"
      "X1,2020-01-01,resistance,2020-06-01,2020-02-10,2020-02-03\n"
      "X2,2020-01-01,none,2020-06-01,2020-02-10,2020-02-03\n";
  const Table t = read_csv_table(csv);
  EndpointOptions o;
  o.cir_start = EndpointStart::randomisation;
  const EndpointSet rr = derive_endpoints(t, map_columns(t.headers()), o);
  REQUIRE(rr.cir.excluded.size() == 1);
  CHECK(rr.cir.excluded[0].reason == "not in CR (event_type resistance)");
  CHECK(rr.cir.time == std::vector<double>{112});  // 2020-06-01 - 2020-02-10: 19+31+30+31+1
}

TEST_CASE("endpoints: induction_failure_time = eoi_date and time units") {
  const Cohort c = load();
  EndpointOptions o;
  o.induction_failure_time = InductionFailureTime::eoi_date;
  o.time_unit = TimeUnit::months;
  const EndpointSet r = derive_endpoints(c.table, c.mapping, o);
  const auto efs = used(r.efs, c.table, c.mapping);
  // P04: eoi_date 2020-02-03 - 2020-01-01 = 33 days = 33 / 30.4375 months.
  CHECK(efs.at("P04").time == 33 / 30.4375);
  CHECK(efs.at("P01").time == 366 / 30.4375);
  CHECK(used(r.cir, c.table, c.mapping).at("P04").time == 33 / 30.4375);
  CHECK(r.settings.find("induction_failure_time = eoi_date") != std::string::npos);
  CHECK(r.settings.find("months (days / 30.4375)") != std::string::npos);
  o.time_unit = TimeUnit::years;
  const EndpointSet ry = derive_endpoints(c.table, c.mapping, o);
  CHECK(used(ry.os, c.table, c.mapping).at("P19").time == 731 / 365.25);
  CHECK(ry.settings.find("years (days / 365.25)") != std::string::npos);

  // eoi_date setting but no eoi_date or event_date for a resistance: excluded, stated.
  const Table t = read_csv_table(std::string(
      "patient_id,diagnosis_date,event_type,last_followup_date\nX,2020-01-01,resistance,\n"));
  const EndpointSet rn = derive_endpoints(t, map_columns(t.headers()), o);
  REQUIRE(rn.efs.excluded.size() == 1);
  CHECK(rn.efs.excluded[0].reason.find("without eoi_date or event_date") != std::string::npos);
}

TEST_CASE("endpoints: ready-made time/status columns") {
  const Table t =
      read_csv_table(std::string("patient_id,efs_time,efs_status,cir_time,cir_status\n"
                                 "A,12,1,12,2\nB,24.5,0,24.5,0\nC,,1,3,1\nD,-1,0,4,3\n"));
  REQUIRE(t.status.ok());
  EndpointOptions o;
  o.input_time_unit = TimeUnit::months;
  o.time_unit = TimeUnit::days;
  const EndpointSet r = derive_endpoints(t, map_columns(t.headers()), o);
  REQUIRE(r.efs.available);
  CHECK(r.efs.source == "columns efs_time/efs_status");
  CHECK(r.efs.time == std::vector<double>{12 * 30.4375, 24.5 * 30.4375});
  CHECK(r.efs.status == std::vector<int>{1, 0});
  REQUIRE(r.efs.excluded.size() == 2);
  CHECK(r.efs.excluded[0].reason == "efs_time missing");
  CHECK(r.efs.excluded[1].reason == "efs_time is negative (-1)");
  CHECK(r.cir.status == std::vector<int>{2, 0, 1});
  REQUIRE(r.cir.excluded.size() == 1);
  CHECK(r.cir.excluded[0].reason == "cir_status is 3, not 0..2");
  CHECK_FALSE(r.os.available);
  CHECK(r.os.note.find("os_time") != std::string::npos);
}

TEST_CASE("endpoints: text date columns use the date settings; bad options refused") {
  // Date columns already typed as dates by the reader keep their days (read the table with the
  // same CsvOptions::dates); EndpointOptions::dates applies to columns that were read as text.
  CsvOptions co;
  co.forced_types = {{"diagnosis_date", ColumnType::text},
                     {"last_followup_date", ColumnType::text}};
  const Table t =
      read_csv_table(std::string("patient_id,diagnosis_date,event_type,last_followup_date\n"
                                 "A,01/02/2020,none,01/03/2020\nB,2020-02-01,none,not known\n"),
                     co);
  EndpointOptions o;
  o.dates.format = DateFormat::dmy;
  const EndpointSet r = derive_endpoints(t, map_columns(t.headers()), o);
  REQUIRE(r.efs.time.size() == 1);
  CHECK(r.efs.time[0] == 29);  // 2020-03-01 - 2020-02-01 (leap February)
  REQUIRE(r.date_issues.size() == 1);
  CHECK(r.date_issues[0].value == "not known");
  o.dfs_start = EndpointStart::diagnosis;
  CHECK_FALSE(derive_endpoints(t, map_columns(t.headers()), o).status.ok());
}

TEST_CASE("endpoints: validation report") {
  const Cohort c = load();
  const EndpointSet r = derive_endpoints(c.table, c.mapping);
  const ValidationReport v = build_validation_report(c.table, c.mapping, &r);
  CHECK(v.rows_read == 20);
  CHECK(v.rows_in_table == 20);
  std::map<std::string, size_t> n;
  for (const RowsUsed& u : v.rows_used) n[u.analysis] = u.n;
  CHECK(n["efs"] == 11);
  CHECK(n["os"] == 18);
  CHECK(n["dfs"] == 7);
  CHECK(n["cir"] == 11);
  CHECK(v.excluded.size() == 9 + 2 + 13 + 9);
  CHECK(v.duplicated_patient_ids.empty());

  const Table d = read_csv_table(std::string("patient_id,wbc\nA,1\nB,x\nA,3\nB,4\nC,5\n,6\n"));
  const ValidationReport vd = build_validation_report(d, map_columns(d.headers()), nullptr);
  CHECK(vd.duplicated_patient_ids == std::vector<std::string>{"A", "B"});
  CHECK(vd.n_coerced == 1);  // "x" in an integer column
  REQUIRE(vd.coerced.size() == 1);
  CHECK(vd.coerced[0].row == 2);
  CHECK(vd.coerced[0].column == "wbc");
  bool mentions_dup = false;
  for (const std::string& s : vd.summary)
    mentions_dup |= s.find("more than once") != std::string::npos;
  CHECK(mentions_dup);

  const Table rg = read_csv_table(std::string("patient_id,wbc\nA,1\nB,2,3\n"));
  const ValidationReport vr = build_validation_report(rg, map_columns(rg.headers()), nullptr);
  CHECK(vr.rows_read == 2);
  CHECK(vr.rows_in_table == 1);
  REQUIRE(vr.excluded.size() == 1);
  CHECK(vr.excluded[0].analysis == "table");
  CHECK(vr.excluded[0].reason == "has 3 fields, expected 2");
}

TEST_CASE("endpoints: times_from_start puts a date or a number column on the endpoint's scale") {
  // Hand counts: 2020-01-01 -> 2020-03-01 is 31 + 29 = 60 days; -> 2020-01-31 is 30 days.
  const Table t = read_csv_table(std::string(
      "patient_id,diagnosis_date,event_type,last_followup_date,hsct_date,entry_days,bad\n"
      "A,2020-01-01,none,2021-01-01,2020-03-01,30,2020-02-01\n"
      "B,2020-01-01,none,2021-01-01,,,not a date\n"
      "C,2020-01-31,none,2021-01-01,2020-01-31,0,2020-02-01\n"));
  REQUIRE(t.status.ok());
  const ColumnMapping m = map_columns(t.headers());
  EndpointOptions o;
  o.time_unit = TimeUnit::years;
  const EndpointSet r = derive_endpoints(t, m, o);
  REQUIRE(r.efs.table_row.size() == 3);
  auto column = [&](const char* name) -> const Column& {
    return t.columns[static_cast<size_t>(t.find(name))];
  };
  std::vector<double> x;
  REQUIRE(times_from_start(t, m, o, r.efs, column("hsct_date"), r.efs.table_row, &x).ok());
  REQUIRE(x.size() == 3);
  CHECK(x[0] == 60 / 365.25);
  CHECK(std::isnan(x[1]));  // blank: missing, not 0
  CHECK(x[2] == 0);
  // Numbers are days (the unit of ready-made time columns), converted to the endpoint's unit.
  REQUIRE(times_from_start(t, m, o, r.efs, column("entry_days"), r.efs.table_row, &x).ok());
  CHECK(x[0] == 30 / 365.25);
  CHECK(std::isnan(x[1]));
  // A cell that is not a date is an error at its row, never a silent missing value.
  const Status bad = times_from_start(t, m, o, r.efs, column("bad"), r.efs.table_row, &x);
  CHECK(bad.row == 2);
  CHECK(bad.message.find("'not a date' is not a date") != std::string::npos);
  CHECK(bad.message.find("file line 3") != std::string::npos);

  // Ready-made time columns have no start date to measure a date from.
  const Table rt = read_csv_table(std::string("efs_time,efs_status,d\n5,1,2020-01-01\n"));
  const ColumnMapping rm = map_columns(rt.headers());
  const EndpointSet rr = derive_endpoints(rt, rm, o);
  const Status no_start = times_from_start(
      rt, rm, o, rr.efs, rt.columns[static_cast<size_t>(rt.find("d"))], rr.efs.table_row, &x);
  CHECK_FALSE(no_start.ok());
  CHECK(no_start.message.find("no start date") != std::string::npos);
}
