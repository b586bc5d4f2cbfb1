// Recoding (value_recode.h): a value of the file read as another before the vocabulary reads it.
// Expected readings are the vocabulary's own (docs/CLINICAL-INPUTS.md) and, for the endpoints,
// the same file written with the vocabulary's words (tests/data/endpoints_20.csv).
#include "infant_all/clinical/value_recode.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "infant_all/clinical/cohort_patients.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/clinical/patient_values.h"
#include "test_util.h"

using namespace infant_all;

namespace {

ValueRecode recode(const std::string& text) {
  ValueRecode r;
  const Status s = parse_value_recode(text, &r);
  REQUIRE_MESSAGE(s.ok(), s.message);
  return r;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("value_recode: parsing names what is wrong") {
  const ValueRecode r = recode(" event_type : Rezidiv = relapse ");
  CHECK(r.canonical == "event_type");
  CHECK(r.from == "Rezidiv");
  CHECK(r.to == "relapse");
  ValueRecode bad;
  CHECK(contains(parse_value_recode("Rezidiv=relapse", &bad).message,
                 "expected input:value=meaning"));
  CHECK(contains(parse_value_recode("ereignis:Rezidiv=relapse", &bad).message,
                 "'ereignis' is not a clinical input"));
  CHECK(contains(parse_value_recode("patient_id:1=2", &bad).message, "not a clinical input"));
  CHECK(contains(parse_value_recode("sex:NA=male", &bad).message, "blank or a missing-value word"));
  CHECK(contains(parse_value_recode("event_type:Rezidiv=Rückfall", &bad).message,
                 "'Rückfall' is not a meaning: event_type reads none, induction_death"));
  CHECK(contains(parse_value_recode("kmt2a_status:posi=maybe", &bad).message,
                 "'maybe' is not a meaning: kmt2a_status reads"));
  CHECK(parse_value_recode("kmt2a_status:posi=rearranged", &bad).ok());
}

TEST_CASE("value_recode: a recoded value is read as its meaning, for its input only") {
  PatientFieldOptions o;
  o.recodes = {recode("kmt2a_status:posi=rearranged"), recode("cd10:posi=negative")};
  // Without the recode "posi" is unreadable: the patient is invalid for the KMT2A rule.
  const PatientBuild plain = patient_from_fields({{"kmt2a_status", "posi"}});
  CHECK_FALSE(plain.input.unreadable.empty());
  const PatientBuild b = patient_from_fields({{"kmt2a_status", " POSI "}, {"cd10", "posi"}}, o);
  CHECK(b.input.unreadable.empty());
  REQUIRE(b.input.kmt2a_status.has_value());
  CHECK(*b.input.kmt2a_status == Kmt2aStatus::rearranged);
  REQUIRE(b.input.cd10_positive.has_value());
  CHECK_FALSE(*b.input.cd10_positive);
  // A recode never changes a value it does not name.
  const PatientBuild g = patient_from_fields({{"kmt2a_status", "germline"}}, o);
  CHECK(*g.input.kmt2a_status == Kmt2aStatus::germline);
}

TEST_CASE("value_recode: event_type words recoded give the endpoints of the vocabulary's words") {
  const Table t = read_csv_table(test::read_bytes("data/endpoints_20.csv"));
  REQUIRE(t.status.ok());
  const ColumnMapping m = map_columns(t.headers());
  // The same file with German event words.
  std::string german = test::read_bytes("data/endpoints_20.csv");
  for (const auto& [en, de] :
       std::vector<std::pair<std::string, std::string>>{{",relapse,", ",Rezidiv,"},
                                                        {",none,", ",kein Ereignis,"},
                                                        {",death_in_cr,", ",Tod in CR,"}}) {
    for (size_t p = german.find(en); p != std::string::npos; p = german.find(en, p + de.size())) {
      german.replace(p, en.size(), de);
    }
  }
  const Table tg = read_csv_table(german);
  REQUIRE(tg.status.ok());
  EndpointOptions o;
  const EndpointSet english = derive_endpoints(t, m, o);
  const EndpointSet unread = derive_endpoints(tg, map_columns(tg.headers()), o);
  CHECK(unread.efs.time.size() < english.efs.time.size());
  CHECK(contains(unread.efs.excluded.at(0).reason, "--recode event_type:"));
  o.recodes = {recode("event_type:Rezidiv=relapse"), recode("event_type:kein ereignis=none"),
               recode("event_type:TOD IN CR=death_in_cr")};
  const EndpointSet recoded = derive_endpoints(tg, map_columns(tg.headers()), o);
  CHECK(recoded.efs.time == english.efs.time);
  CHECK(recoded.efs.status == english.efs.status);
  CHECK(recoded.cir.status == english.cir.status);
}

TEST_CASE("value_recode: the recoding table counts each value and says how it is read") {
  const std::string csv =
      "id,kmt2a_status,sex,event_type\n"
      "1,positiv,m,Rezidiv\n"
      "2,posi,w,none\n"
      "3,Positiv,w,Rezidiv\n"
      "4,unknown,,none\n"
      "5,germline,m,relapse\n";
  const Table t = read_csv_table(csv);
  REQUIRE(t.status.ok());
  const ColumnMapping m = map_columns(t.headers());
  const std::vector<RecodeInput> before = recode_table(t, m, {});
  REQUIRE(before.size() == 3);
  CHECK(before[0].canonical == "event_type");
  CHECK(before[0].meanings.size() == 6);
  CHECK(before[0].n_invalid == 2);  // the two Rezidiv rows
  const RecodeInput& k = before[2];
  CHECK(k.canonical == "kmt2a_status");
  CHECK(k.meanings == std::vector<std::string>{"rearranged", "germline", "unknown"});
  REQUIRE(k.values.size() == 4);
  CHECK(k.values[0].value == "positiv");  // positiv and Positiv fold together: 2 rows
  CHECK(k.values[0].n == 2);
  CHECK(k.values[0].meaning == "rearranged");
  CHECK(k.values[1].value == "posi");
  CHECK(k.values[1].status == "invalid");
  CHECK_FALSE(k.values[1].expected.empty());
  CHECK(k.values[2].meaning == "unknown");
  CHECK(k.n_invalid == 1);
  const std::vector<RecodeInput> after = recode_table(
      t, m, {recode("kmt2a_status:posi=rearranged"), recode("event_type:Rezidiv=relapse")});
  CHECK(after[0].n_invalid == 0);
  CHECK(after[2].values[1].status == "recoded");
  CHECK(after[2].values[1].meaning == "rearranged");
  CHECK(after[2].n_invalid == 0);
  const RecodeInput& sex = after[1];
  CHECK(sex.canonical == "sex");
  CHECK(sex.values.size() == 2);  // m, w; the blank cell is not a value
}
