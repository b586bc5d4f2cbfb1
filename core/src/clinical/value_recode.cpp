#include "infant_all/clinical/value_recode.h"

#include <algorithm>
#include <unordered_map>

#include "cell_reading.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/clinical/vocabulary.h"

namespace infant_all {
namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Why `meaning` is not a reading of `canonical` ("" when it is one).
std::string unreadable_meaning(const std::string& canonical, const std::string& meaning) {
  if (canonical == "event_type") {
    EventType e{};
    return parse_event_type(meaning, &e)
               ? ""
               : "event_type reads none, induction_death, resistance, relapse, death_in_cr or smn";
  }
  const cells::CellReading r = cells::read_cell(cells::field_of(canonical), meaning, {});
  if (r.unreadable) return canonical + " reads " + r.expected;
  if (r.blank) return "a meaning must not be blank or a missing-value word";
  return "";
}

}  // namespace

Status parse_value_recode(std::string_view text, ValueRecode* out) {
  const size_t colon = text.find(':');
  const size_t eq = colon == std::string_view::npos ? colon : text.find('=', colon + 1);
  if (colon == std::string_view::npos || eq == std::string_view::npos) {
    return Status::invalid("--recode '" + std::string(text) +
                           "': expected input:value=meaning, e.g. event_type:Rezidiv=relapse");
  }
  ValueRecode r;
  r.canonical = trimmed(text.substr(0, colon));
  r.from = trimmed(text.substr(colon + 1, eq - colon - 1));
  r.to = trimmed(text.substr(eq + 1));
  const std::string head = "--recode '" + std::string(text) + "': ";
  if (r.canonical != "event_type" && (cells::field_of(r.canonical) == cells::Field::ignored ||
                                      cells::field_of(r.canonical) == cells::Field::patient_id)) {
    return Status::invalid(head + "'" + r.canonical +
                           "' is not a clinical input the calculator reads (names: "
                           "docs/CLINICAL-INPUTS.md)");
  }
  if (r.from.empty() || is_missing_value(r.from)) {
    return Status::invalid(head +
                           "the value is blank or a missing-value word, which is "
                           "always read as missing");
  }
  const std::string why = unreadable_meaning(r.canonical, r.to);
  if (!why.empty()) return Status::invalid(head + "'" + r.to + "' is not a meaning: " + why);
  r.folded = fold_text(r.from);
  *out = std::move(r);
  return Status();
}

const std::string* recoded_value(const std::vector<ValueRecode>& recodes,
                                 std::string_view canonical, std::string_view text) {
  if (recodes.empty()) return nullptr;
  std::string folded;
  bool have = false;
  for (const ValueRecode& r : recodes) {
    if (r.canonical != canonical) continue;
    if (!have) {
      folded = fold_text(text);
      have = true;
    }
    if (folded == r.folded) return &r.to;
  }
  return nullptr;
}

}  // namespace infant_all

namespace infant_all {
namespace {

// The inputs a recoding table offers, with the vocabulary each reads.
struct Recodable {
  const char* canonical;
  const char* vocabulary;  // "" for event_type
};
constexpr Recodable kRecodable[] = {
    {"event_type", ""},
    {"sex", "sex"},
    {"kmt2a_status", "kmt2a_status"},
    {"kmt2a_partner", "kmt2a_partner"},
    {"pred_response", "pred_response"},
    {"immunophenotype", "immunophenotype"},
    {"cns_status", "cns_status"},
    {"cd10", "pos_neg"},
    {"cd19", "pos_neg"},
    {"bcr_abl1", "pos_neg"},
    {"cr_eoi", "yes_no"},
    {"cranial_nerve_palsy", "yes_no"},
    {"cns_mass", "yes_no"},
    {"csf_blasts", "yes_no"},
    {"prednisone_prephase_given", "yes_no"},
};

const char* kEventTypes[] = {"none",    "induction_death", "resistance",
                             "relapse", "death_in_cr",     "smn"};

bool same_reading(const cells::CellReading& a, const cells::CellReading& b) {
  return a.blank == b.blank && a.has == b.has && a.unreadable == b.unreadable && a.code == b.code &&
         a.partner.has_value() == b.partner.has_value() &&
         (!a.partner || a.partner->partner == b.partner->partner);
}

}  // namespace

std::vector<RecodeInput> recode_table(const Table& t, const ColumnMapping& mapping,
                                      const std::vector<ValueRecode>& recodes, size_t max_values) {
  std::vector<RecodeInput> out;
  for (const Recodable& rc : kRecodable) {
    const int j = mapping.column_of(rc.canonical);
    if (j < 0) continue;
    const Column& c = t.columns[static_cast<size_t>(j)];
    if (c.type == ColumnType::date || c.type == ColumnType::empty) continue;
    RecodeInput in;
    in.canonical = rc.canonical;
    in.column = c.header;
    const bool events = rc.vocabulary[0] == '\0';
    const cells::Field field = cells::field_of(rc.canonical);
    // Meanings: the vocabulary's readings in its order, each as the spelling that names it.
    std::vector<cells::CellReading> meaning_readings;
    if (events) {
      for (const char* e : kEventTypes) in.meanings.emplace_back(e);
    } else {
      for (const VocabularyToken& tok : vocabulary(rc.vocabulary).tokens) {
        const std::string reading = tok.reading;
        if (std::find(in.meanings.begin(), in.meanings.end(), reading) != in.meanings.end())
          continue;
        const cells::CellReading r = cells::read_cell(field, reading, {});
        if (r.unreadable) continue;  // a reading that is not itself a spelling
        in.meanings.push_back(reading);
        meaning_readings.push_back(r);
      }
    }
    // Distinct values, counted by folded spelling.
    std::vector<std::string> spelling;
    std::vector<size_t> count;
    std::unordered_map<std::string, size_t> index;  // folded spelling -> k
    auto add = [&](const std::string& text, size_t n) {
      const auto [it, fresh] = index.emplace(fold_text(text), spelling.size());
      if (fresh) {
        spelling.push_back(text);
        count.push_back(0);
      }
      count[it->second] += n;
    };
    if ((c.type == ColumnType::categorical || c.type == ColumnType::boolean) &&
        c.raw_cells.empty()) {
      std::vector<size_t> per_level(c.levels.size(), 0);
      for (int32_t code : c.codes) {
        if (code >= 0) ++per_level[static_cast<size_t>(code)];
      }
      for (size_t k = 0; k < c.levels.size(); ++k) {
        if (per_level[k] > 0) add(c.levels[k], per_level[k]);
      }
    } else {
      for (size_t i = 0; i < t.n_rows; ++i) {
        if (!c.is_missing(i) || !c.raw_cells.empty()) {
          const std::string text = c.raw_text(i);
          if (!text.empty()) add(text, 1);
        }
      }
    }
    in.n_distinct = spelling.size();
    for (size_t k = 0; k < spelling.size(); ++k) {
      RecodeValue v;
      v.value = spelling[k];
      v.n = count[k];
      const std::string* to = recoded_value(recodes, rc.canonical, v.value);
      const std::string& text = to != nullptr ? *to : v.value;
      if (events) {
        EventType e{};
        if (parse_event_type(text, &e)) {
          v.meaning = to_string(e);
        } else {
          v.expected = "none, induction_death, resistance, relapse, death_in_cr or smn";
        }
      } else {
        const cells::CellReading r = cells::read_cell(field, text, {});
        if (r.unreadable) {
          v.expected = r.expected;
        } else {
          for (size_t m = 0; m < meaning_readings.size(); ++m) {
            if (same_reading(r, meaning_readings[m])) v.meaning = in.meanings[m];
          }
          if (v.meaning.empty()) v.meaning = r.blank ? "unknown" : "(read)";
        }
      }
      if (v.status.empty())
        v.status = !v.expected.empty() ? "invalid" : to != nullptr ? "recoded" : "read";
      if (v.status == "invalid") in.n_invalid += v.n;
      in.values.push_back(std::move(v));
    }
    std::stable_sort(in.values.begin(), in.values.end(),
                     [](const RecodeValue& a, const RecodeValue& b) { return a.n > b.n; });
    if (in.values.size() > max_values) in.values.resize(max_values);
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace infant_all
