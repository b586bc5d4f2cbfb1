#include "commands.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string_view>
#if !defined(__EMSCRIPTEN__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "infant_all/contract/commands.h"
#include "infant_all/contract/patient.h"
#include "infant_all/io/column_table.h"

namespace infant_all::cli {
namespace {

using json = nlohmann::ordered_json;

// Options of one subcommand, kept alive until the runner reads them.
struct Request {
  std::string csv_path;
  std::string delimiter, decimal, date_format;
  std::vector<std::string> na;
  bool allow_thousands = false, excel_serial_dates = false;
  std::vector<std::pair<std::string, std::shared_ptr<std::string>>> string_opts;
  std::vector<std::pair<std::string, std::shared_ptr<double>>> number_opts;
  std::vector<std::pair<std::string, std::shared_ptr<std::vector<double>>>> list_opts;
  std::vector<std::pair<std::string, std::shared_ptr<bool>>> flag_opts;
  std::vector<std::pair<std::string, std::shared_ptr<std::vector<std::string>>>> multi_opts;
};

CLI::App* add_common(CLI::App& app, const char* name, const char* what, Request& req) {
  auto* sub = app.add_subcommand(name, what);
  sub->add_option("--csv", req.csv_path, "input CSV file")->required();
  sub->add_option("--delimiter", req.delimiter,
                  "field delimiter (default: sniffed among , ; tab |)");
  sub->add_option("--decimal", req.decimal, "decimal mark (default ',' when the delimiter is ';')");
  sub->add_option("--date-format", req.date_format,
                  "auto (default: the order the column's own dates settle), iso, dmy or mdy")
      ->check(CLI::IsMember({"auto", "iso", "dmy", "mdy"}));
  sub->add_option("--na", req.na, "tokens that mean missing (default: '' NA N/A . - NULL nan)")
      ->delimiter(',');
  sub->add_flag("--allow-thousands", req.allow_thousands,
                "read 1,234.5 (or 1.234,5 with a decimal comma) as a number instead of listing it");
  sub->add_flag("--excel-serial-dates", req.excel_serial_dates,
                "read plain numbers in date columns as Excel serial day numbers (1900 system)");
  return sub;
}

void add_string(CLI::App* sub, Request& req, const char* flag, const char* key, const char* help,
                bool required = false) {
  auto v = std::make_shared<std::string>();
  auto* o = sub->add_option(flag, *v, help);
  if (required) o->required();
  req.string_opts.emplace_back(key, v);
}

void add_number(CLI::App* sub, Request& req, const char* flag, const char* key, const char* help) {
  auto v = std::make_shared<double>(std::nan(""));
  sub->add_option(flag, *v, help);
  req.number_opts.emplace_back(key, v);
}

void add_list(CLI::App* sub, Request& req, const char* flag, const char* key, const char* help) {
  auto v = std::make_shared<std::vector<double>>();
  sub->add_option(flag, *v, help)->delimiter(',');
  req.list_opts.emplace_back(key, v);
}

void add_flag(CLI::App* sub, Request& req, const char* flag, const char* key, const char* help) {
  auto v = std::make_shared<bool>(false);
  sub->add_flag(flag, *v, help);
  req.flag_opts.emplace_back(key, v);
}

// A comma-separated list of names (columns, COL:LEVEL, A:B), sent as a list.
void add_list_of_names(CLI::App* sub, Request& req, const char* flag, const char* key,
                       const std::string& help) {
  auto v = std::make_shared<std::vector<std::string>>();
  sub->add_option(flag, *v, help)->delimiter(',');
  req.multi_opts.emplace_back(key, v);
}

constexpr const char* kCovariatesHelp =
    "covariate columns, comma-separated; COL:LEVEL sets a text column's reference (COL:=LEVEL "
    "always does), A:B adds the interaction of the columns A and B (both also listed; R: A + B + "
    "A:B)";

void add_multi(CLI::App* sub, Request& req, const char* flag, const char* key, const char* help) {
  auto v = std::make_shared<std::vector<std::string>>();
  sub->add_option(flag, *v, help);
  req.multi_opts.emplace_back(key, v);
}

// Today's date, for the "diagnosis in the future" check; the core never reads the clock.
std::string today_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A file's bytes: mapped read-only where the platform can (no copy; the page cache is read in
// place), else read whole into a buffer of its size (a stream copy costs ~10x more on a 100 MB
// registry file).
class FileBytes {
 public:
  bool open(const std::string& path) {
#if !defined(__EMSCRIPTEN__)
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                       MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p != MAP_FAILED) {
        map_ = p;
        map_size_ = static_cast<size_t>(st.st_size);
        ::close(fd);
        return true;
      }
    }
    ::close(fd);
#endif
    return read_whole(path);
  }
  std::string_view view() const {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), map_size_)
                           : std::string_view(bytes_);
  }
  ~FileBytes() {
#if !defined(__EMSCRIPTEN__)
    if (map_ != nullptr) ::munmap(map_, map_size_);
#endif
  }

 private:
  bool read_whole(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return false;
    if (std::fseek(f, 0, SEEK_END) == 0) {
      const long size = std::ftell(f);
      if (size > 0) bytes_.resize(static_cast<size_t>(size));
      std::rewind(f);
    }
    const size_t got = bytes_.empty() ? 0 : std::fread(&bytes_[0], 1, bytes_.size(), f);
    bytes_.resize(got);
    // Whatever the size did not tell (a pipe, a file still growing) is read in chunks.
    char chunk[1 << 16];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) bytes_.append(chunk, n);
    const bool ok = std::ferror(f) == 0;
    std::fclose(f);
    return ok;
  }
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string bytes_;
};

// --reference FILE: a reference survival curve as lines "time,survival" (or separated by ';',
// a tab or spaces), optionally a header line first; '#' lines and blank lines are skipped. Into
// {"time": [...], "surv": [...]}; the engine checks the values (increasing times, survival in
// (0, 1]). An unreadable line is an error naming it.
bool read_reference_file(const std::string& path, json* out, std::string* error) {
  FileBytes bytes;
  if (!bytes.open(path)) {
    *error = "cannot read the reference file " + path;
    return false;
  }
  const std::string text(bytes.view());
  json times = json::array(), survs = json::array();
  std::size_t line_no = 0, pos = 0;
  bool header_seen = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    for (char& c : line) {
      if (c == ',' || c == ';' || c == '\t') c = ' ';
    }
    if (line.find_first_not_of(' ') == std::string::npos ||
        line[line.find_first_not_of(' ')] == '#') {
      continue;
    }
    double t = 0, sv = 0;
    char rest = 0;
    if (std::sscanf(line.c_str(), " %lf %lf %c", &t, &sv, &rest) != 2) {
      if (times.empty() && !header_seen) {  // the first line that is not a comment: a header
        header_seen = true;
        continue;
      }
      *error = path + " line " + std::to_string(line_no) +
               ": expected two numbers, time and survival (e.g. 5,0.62)";
      return false;
    }
    times.push_back(t);
    survs.push_back(sv);
  }
  *out = {{"time", std::move(times)}, {"surv", std::move(survs)}};
  return true;
}

int run(const char* command, const Request& req) {
  json body = {{"command", command}};
  for (const auto& [k, v] : req.string_opts) {
    if (!v->empty()) body[k] = *v;
  }
  for (const auto& [k, v] : req.number_opts) {
    if (!std::isnan(*v)) body[k] = *v;
  }
  for (const auto& [k, v] : req.list_opts) {
    if (!v->empty()) body[k] = *v;
  }
  for (const auto& [k, v] : req.flag_opts) {
    if (*v) body[k] = true;
  }
  if (body.contains("correct_off")) {
    body.erase("correct_off");
    body["correct"] = false;
  }
  for (const auto& [k, v] : req.multi_opts) {
    if (!v->empty()) body[k] = *v;
  }
  if (body.contains("parts")) {  // analyze --parts: JSON text on the command line
    json parts = json::parse(body["parts"].get<std::string>(), nullptr, false);
    if (parts.is_discarded()) {
      std::cerr << "infant-all " << command << ": --parts is not valid JSON\n";
      return 2;
    }
    body["parts"] = std::move(parts);
  }
  if (body.contains("reference_file")) {
    json ref;
    std::string error;
    if (!read_reference_file(body["reference_file"].get<std::string>(), &ref, &error)) {
      std::cerr << "infant-all " << command << ": " << error << "\n";
      return 2;
    }
    body.erase("reference_file");
    body["reference"] = std::move(ref);
  }
  if ((std::string(command) == "classify" || std::string(command) == "analyze") &&
      !body.contains("today")) {
    body["today"] = today_iso();
  }
  json csv = json::object();
  if (!req.delimiter.empty()) csv["delimiter"] = req.delimiter;
  if (!req.decimal.empty()) csv["decimal"] = req.decimal;
  if (!req.date_format.empty()) {
    csv["date_format"] = req.date_format;
    body["date_format"] = req.date_format;  // classify also parses dates in its cells
  }
  if (!req.na.empty()) csv["na"] = req.na;
  if (req.allow_thousands) csv["thousands"] = true;
  if (req.excel_serial_dates) {
    csv["excel_serial"] = true;
    body["excel_serial"] = true;  // the endpoint derivation re-reads date cells
  }

  const std::string prefix = std::string("infant-all ") + command + ": ";
  CsvOptions options;
  std::string error;
  if (!contract::csv_options_from_json(csv, &options, &error)) {
    std::cerr << prefix << error << "\n";
    return 2;
  }
  using clock = std::chrono::steady_clock;
  const auto ms = [](clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  const clock::time_point t_start = clock::now();
  FileBytes bytes;
  if (!bytes.open(req.csv_path)) {
    std::cerr << prefix << "cannot read " << req.csv_path << "\n";
    return 1;
  }
  const clock::time_point t_read = clock::now();
  const Table table = read_csv_table(bytes.view(), options);
  const clock::time_point t_parsed = clock::now();
  if (!table.status.ok()) {
    std::cerr << prefix << req.csv_path << ": " << table.status.message << "\n";
    return 1;
  }
  // --protocol all: one run per protocol, side by side.
  std::vector<json> bodies;
  if (body.value("protocol", std::string()) == "all") {
    if (body.value("format", std::string()) == "csv") {
      std::cerr << prefix << "--protocol all gives JSON only; pick one protocol for --format csv\n";
      return 2;
    }
    for (const char* p : {"interfant06", "interfant99", "mll10", "interfant21", "aall0631"}) {
      bodies.push_back(body);
      bodies.back()["protocol"] = p;
    }
  } else {
    bodies.push_back(body);
  }
  json all = json::array();
  contract::AnalysisContext context(table);  // what one protocol's run derives, the next reuses
  for (const auto& b : bodies) {
    const contract::CommandOutput out = contract::run_command(context, b);
    if (!out.ok) {
      std::cerr << prefix << req.csv_path << ": " << out.error << "\n";
      return 1;
    }
    if (!out.text.empty()) {
      std::cout << out.text;
      return 0;
    }
    all.push_back(out.result);
    if (std::string(command) == "analyze") {  // the whole process's parts, as the page reports
      json& tm = all.back()["timings_ms"];
      tm["read_file"] = ms(t_start, t_read);
      tm["parse"] = ms(t_read, t_parsed);
      tm["total_before_output"] = ms(t_start, clock::now());
    }
  }
  std::cout << (all.size() == 1 ? all[0] : json{{"protocols", all}}).dump() << "\n";
  return 0;
}

// --levels LR,MR,HR: the groups' order (R's factor levels) for curves, tables and the trend test.
void add_levels(CLI::App* sub, Request& req) {
  auto v = std::make_shared<std::vector<std::string>>();
  sub->add_option("--levels", *v, "order of the groups, comma-separated (R: factor levels)")
      ->delimiter(',');
  req.multi_opts.emplace_back("levels", v);
}

// Options shared by the survival commands: an endpoint derived from the cohort's dates instead of
// --time/--event, and the classifier's risk group as a grouping variable.
void add_endpoint_options(CLI::App* sub, Request& req) {
  add_string(sub, req, "--subset", "subset",
             "COLUMN=VALUE: only the rows with that value (e.g. risk_group=HR; R: subset())");
  add_string(sub, req, "--endpoint", "endpoint",
             "efs, os, dfs or cir, derived from the date columns (definitions: docs/ENGINE.md)");
  add_string(sub, req, "--time-unit", "time_unit", "days, months or years (default years)");
  add_string(sub, req, "--induction-failure-time", "induction_failure_time",
             "0 (default) or eoi_date: when resistance counts as an EFS event");
  add_string(sub, req, "--dfs-start", "dfs_start", "randomisation (default) or cr_date");
  add_string(sub, req, "--protocol", "protocol",
             "protocol for --group risk_group (default interfant06)");
  add_multi(sub, req, "--map", "map", "canonical=column (repeatable)");
  add_multi(sub, req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable), e.g. "
            "--recode event_type:Rezidiv=relapse");
}

// A time-dependent exposure (e.g. transplant): its time, or with --endpoint its date.
void add_exposure_options(CLI::App* sub, Request& req) {
  add_string(sub, req, "--exposure-time", "exposure_time",
             "time from the origin to a time-dependent exposure (blank = never), unit of --time");
  add_string(sub, req, "--exposure-date", "exposure_date",
             "with --endpoint: the exposure's date (blank = never), e.g. hsct_date");
}

// --naive: group by ever exposed from time 0 (the biased comparison, for contrast).
void add_naive_option(CLI::App* sub, Request& req) {
  add_flag(sub, req, "--naive", "naive",
           "with an exposure: group by ever exposed from time 0 (biased: immortal time)");
}

void register_validate(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "validate",
                         "what the import finds: columns, mapping, endpoints, excluded rows", *req);
  add_string(sub, *req, "--time-unit", "time_unit", "days, months or years (default years)");
  add_string(sub, *req, "--induction-failure-time", "induction_failure_time",
             "0 (default) or eoi_date");
  add_multi(sub, *req, "--map", "map", "canonical=column (repeatable)");
  add_multi(sub, *req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable), e.g. "
            "--recode event_type:Rezidiv=relapse");
  out.push_back({sub, [req]() { return run("validate", *req); }});
}

void register_preview(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "preview", "the first rows as the engine read them", *req);
  add_number(sub, *req, "--rows", "rows", "how many rows (default 10, at most 1000)");
  out.push_back({sub, [req]() { return run("preview", *req); }});
}

void register_km(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "km", "Kaplan-Meier estimates by group (R: survfit)", *req);
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint)");
  add_string(sub, *req, "--event", "event",
             "event column (0/1, 1/2, TRUE/FALSE, or text with --event-value)");
  add_string(sub, *req, "--group", "group", "grouping column (one curve per level)");
  add_string(sub, *req, "--entry", "entry", "entry-time column for left truncation");
  add_exposure_options(sub, *req);
  add_naive_option(sub, *req);
  add_string(sub, *req, "--conf-type", "conf_type", "log (default), log-log, plain or none");
  add_number(sub, *req, "--conf-level", "conf_level", "confidence level (default 0.95)");
  add_list(sub, *req, "--times", "times", "times for survival estimates, comma-separated");
  add_list(sub, *req, "--risk-times", "risk_times", "times for the number-at-risk table");
  add_flag(sub, *req, "--axis-ticks", "axis_ticks",
           "nice time-axis ticks over the follow-up (axis_ticks), the risk table at them");
  add_number(sub, *req, "--axis-scale", "axis_scale",
             "time units per axis unit for --axis-ticks (e.g. 365.25: days drawn in years)");
  add_number(sub, *req, "--rmean", "rmean",
             "restricted mean survival up to this time (with groups: differences, survRM2)");
  add_list(sub, *req, "--milestone", "milestones",
           "times at which to compare each group's survival with the first group's");
  add_flag(sub, *req, "--reverse", "reverse", "also median follow-up by reverse Kaplan-Meier");
  add_string(sub, *req, "--event-value", "event_value",
             "the value of --event that means the event");
  add_levels(sub, *req);
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("km", *req); }});
}

void register_logrank(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "logrank", "log-rank test across groups (R: survdiff)", *req);
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint)");
  add_string(sub, *req, "--event", "event", "event column (0/1, 1/2, or text with --event-value)");
  add_string(sub, *req, "--group", "group",
             "grouping column (risk_group: the classified group); required unless an exposure");
  add_string(sub, *req, "--strata", "strata", "stratification column");
  add_string(sub, *req, "--entry", "entry",
             "entry-time column: (entry, time] data, e.g. a time-dependent group (Mantel-Byar)");
  add_exposure_options(sub, *req);
  add_naive_option(sub, *req);
  add_number(sub, *req, "--rho", "rho", "0 = log-rank (default), 1 = Peto-Peto");
  add_list(sub, *req, "--trend-scores", "trend_scores",
           "scores of the ordered groups for the trend test (default 1..k)");
  add_flag(sub, *req, "--pairwise", "pairwise",
           "log-rank test and Cox hazard ratio for every pair of groups");
  add_string(sub, *req, "--p-adjust", "p_adjust",
             "adjustment of the pairwise p-values: BH (default), holm, bonferroni or none");
  add_number(sub, *req, "--conf-level", "conf_level",
             "confidence level of the pairwise hazard ratios (default 0.95)");
  add_string(sub, *req, "--reference", "reference_file",
             "file of time,survival points: one-sample log-rank test against that curve");
  add_list(sub, *req, "--milestone", "milestones",
           "with --reference: times at which to set the Kaplan-Meier against the reference");
  add_string(sub, *req, "--event-value", "event_value",
             "the value of --event that means the event");
  add_levels(sub, *req);
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("logrank", *req); }});
}

void register_crosstab(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "crosstab",
                         "counts of --row by --col with chi-square and Fisher tests", *req);
  add_string(sub, *req, "--row", "row", "row variable (a column)", true);
  add_string(sub, *req, "--col", "col", "column variable (a column), e.g. the risk group", true);
  add_string(sub, *req, "--protocol", "protocol",
             "protocol for risk_group as --row or --col (default interfant06)");
  add_multi(sub, *req, "--map", "map", "canonical=column (repeatable)");
  add_multi(sub, *req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable), e.g. "
            "--recode event_type:Rezidiv=relapse");
  auto no_correct = std::make_shared<bool>(false);
  sub->add_flag("--no-correct", *no_correct, "no Yates continuity correction on 2x2 tables");
  out.push_back({sub, [req, no_correct]() {
                   if (*no_correct) req->flag_opts.emplace_back("correct_off", no_correct);
                   return run("crosstab", *req);
                 }});
}

void register_describe(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "describe",
                         "median (IQR) and range of --var by --by, with the Wilcoxon rank-sum "
                         "(2 groups) or Kruskal-Wallis test",
                         *req);
  add_string(sub, *req, "--var", "var", "a numeric column (e.g. age, WBC)", true);
  add_string(sub, *req, "--by", "by", "column to compare by, or risk_group", true);
  add_string(sub, *req, "--protocol", "protocol",
             "protocol for risk_group as --by (default interfant06)");
  add_multi(sub, *req, "--map", "map", "canonical=column (repeatable)");
  add_multi(sub, *req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable)");
  out.push_back({sub, [req]() { return run("describe", *req); }});
}

void register_cuminc(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(
      app, "cuminc",
      "cumulative incidence with competing risks and Gray's test (R: cmprsk::cuminc)", *req);
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint)");
  add_string(sub, *req, "--status", "status", "0 = censored, 1..K = causes (or named causes)");
  add_string(sub, *req, "--group", "group", "grouping column");
  add_string(sub, *req, "--strata", "strata", "strata for Gray's test");
  add_string(sub, *req, "--censor-value", "censor_value",
             "the value of --status meaning censored (default 0)");
  add_list(sub, *req, "--times", "times", "times for estimates (R: timepoints), comma-separated");
  add_flag(sub, *req, "--axis-ticks", "axis_ticks", "nice time-axis ticks over the longest curve");
  add_number(sub, *req, "--axis-scale", "axis_scale",
             "time units per axis unit for --axis-ticks (e.g. 365.25: days drawn in years)");
  add_number(sub, *req, "--rho", "rho", "power of the weight in Gray's test (default 0)");
  add_number(sub, *req, "--conf-level", "conf_level",
             "confidence level of the log(-log) intervals (default 0.95)");
  add_levels(sub, *req);
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("cuminc", *req); }});
}

void register_cox(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "cox", "Cox proportional hazards regression (R: coxph)", *req);
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint)");
  add_string(sub, *req, "--event", "event", "event column (0/1, 1/2, or text with --event-value)");
  add_list_of_names(sub, *req, "--covariates", "covariates",
                    std::string(kCovariatesHelp) + " (required unless an exposure is given)");
  add_list_of_names(sub, *req, "--test-terms", "test_terms",
                    "terms of --covariates to test jointly, comma-separated: Wald and likelihood "
                    "ratio (R: anova(reduced, fit))");
  add_string(sub, *req, "--entry", "entry",
             "entry-time column: counting-process data (R: Surv(entry, time, event))");
  add_exposure_options(sub, *req);
  add_string(sub, *req, "--ties", "ties", "efron (default) or breslow");
  add_string(sub, *req, "--strata", "strata", "stratification column (separate baselines)");
  add_number(sub, *req, "--conf-level", "conf_level", "confidence level (default 0.95)");
  add_flag(sub, *req, "--zph", "zph",
           "test proportional hazards and give the scaled Schoenfeld residuals (R: cox.zph)");
  add_string(sub, *req, "--zph-transform", "zph_transform",
             "time transform of --zph: km (default), identity, rank or log");
  add_number(sub, *req, "--iter-max", "iter_max",
             "Newton-Raphson iterations at most (default 20; R: coxph.control(iter.max))");
  add_string(sub, *req, "--event-value", "event_value",
             "the value of --event that means the event");
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("cox", *req); }});
}

void register_crr(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub =
      add_common(app, "crr", "Fine-Gray subdistribution hazards regression (R: cmprsk::crr)", *req);
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint cir)");
  add_string(sub, *req, "--status", "status",
             "whole-number codes: --failcode = the cause of interest, --cencode = censored, any "
             "other = competing");
  add_list_of_names(sub, *req, "--covariates", "covariates",
                    std::string(kCovariatesHelp) + " (required)");
  add_number(sub, *req, "--failcode", "failcode",
             "status code of the cause of interest (default 1)");
  add_number(sub, *req, "--cencode", "cencode", "status code of a censored row (default 0)");
  add_number(sub, *req, "--conf-level", "conf_level", "confidence level (default 0.95)");
  add_string(sub, *req, "--predict", "predict",
             "predicted cumulative incidence for one covariate vector, e.g. \"age=60,sex=M\" "
             "(R: predict(fit, cov1))");
  add_list(sub, *req, "--times", "times", "with --predict: the predicted CIF at these times");
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("crr", *req); }});
}

void register_landmark(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(
      app, "landmark",
      "landmark analysis of a time-dependent exposure: per landmark, KM and log-rank of those "
      "still followed, by exposure by then",
      *req);
  add_list(sub, *req, "--at", "at", "landmark time(s), comma-separated (required)");
  add_string(sub, *req, "--time", "time", "follow-up time column (or --endpoint)");
  add_string(sub, *req, "--event", "event",
             "event column (0/1, 1/2, TRUE/FALSE, or text with --event-value)");
  add_exposure_options(sub, *req);
  add_list(sub, *req, "--times", "times", "times (from the landmark) for survival estimates");
  add_list(sub, *req, "--risk-times", "risk_times", "times (from the landmark) for the risk table");
  add_number(sub, *req, "--conf-level", "conf_level", "confidence level (default 0.95)");
  add_string(sub, *req, "--event-value", "event_value",
             "the value of --event that means the event");
  add_endpoint_options(sub, *req);
  out.push_back({sub, [req]() { return run("landmark", *req); }});
}

void register_analyze(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "analyze",
                         "the full cohort analysis with timings: risk groups, KM EFS and OS, "
                         "log-rank, CIR with Gray's test, Cox (scripts/bench.sh)",
                         *req);
  add_string(sub, *req, "--protocol", "protocol", "protocol for the risk groups (interfant06)");
  add_string(sub, *req, "--group", "group", "grouping column (default risk_group)");
  add_string(sub, *req, "--time-unit", "time_unit", "days, months or years (default years)");
  add_string(sub, *req, "--induction-failure-time", "induction_failure_time",
             "0 (default) or eoi_date");
  add_list(sub, *req, "--times", "times", "times for the estimates (default 1,3,6)");
  add_list_of_names(sub, *req, "--covariates", "covariates",
                    "Cox covariates (default wbc,age_days,sex,pred_response,cns_status,cd10)");
  add_string(sub, *req, "--ties", "ties", "efron (default) or breslow");
  add_string(sub, *req, "--time", "time",
             "follow-up time column, for a file without dates (instead of the derived endpoints)");
  add_string(sub, *req, "--event", "event", "with --time: event column for KM, log-rank and Cox");
  add_string(sub, *req, "--event-value", "event_value",
             "the value of --event that means the event");
  add_string(sub, *req, "--status", "status",
             "with --time: 0 = censored, 1..K = causes, for the cumulative incidence");
  add_string(sub, *req, "--censor-value", "censor_value",
             "the value of --status meaning censored (default 0)");
  add_multi(sub, *req, "--map", "map", "canonical=column (repeatable)");
  add_multi(sub, *req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable), e.g. "
            "--recode event_type:Rezidiv=relapse");
  add_string(sub, *req, "--today", "today", "today's date for plausibility checks (default: now)");
  add_string(sub, *req, "--parts", "parts",
             "instead of the analysis above, these requests as named parts: a JSON object "
             "{\"name\": {\"command\": \"km\", ...}, ...} (each part's JSON = that command's)");
  add_flag(sub, *req, "--risk-order", "risk_order",
           "with --parts: risk_group levels (and a Cox risk_group reference) in the protocol's "
           "order, lowest risk first, as the cohort has them");
  out.push_back({sub, [req]() { return run("analyze", *req); }});
}

void register_classify(CLI::App& app, CommandList& out) {
  auto req = std::make_shared<Request>();
  auto* sub = add_common(app, "classify", "risk group of every row under a protocol", *req);
  add_string(sub, *req, "--protocol", "protocol",
             "interfant06 (default), interfant99, mll10, interfant21, aall0631 or all");
  add_string(sub, *req, "--format", "format",
             "json (default) or csv (the rows with risk_group, "
             "status, missing and flags appended)");
  add_multi(sub, *req, "--map", "map",
            "canonical=column: use this column for a canonical input "
            "(repeatable), e.g. --map wbc=Leukos");
  add_multi(sub, *req, "--recode", "recode",
            "input:value=meaning: read a value as another (repeatable), e.g. "
            "--recode event_type:Rezidiv=relapse");
  add_string(sub, *req, "--today", "today", "today's date for plausibility checks (default: now)");
  add_string(sub, *req, "--rows", "rows",
             "all (default), unsettled (rows without a definite group) or none (counts only)");
  out.push_back({sub, [req]() { return run("classify", *req); }});
}

// Reference data without a file: the input vocabulary and the protocols' rule tables, the
// same JSON the page reads from the WASM module.
void register_reference(CLI::App& app, CommandList& out) {
  auto* vocab = app.add_subcommand(
      "vocabulary", "the spellings each clinical input accepts, its patterns and refusals");
  out.push_back({vocab, []() {
                   std::cout << contract::vocabulary_json().dump(2) << "\n";
                   return 0;
                 }});
  auto* rules = app.add_subcommand(
      "rules", "each protocol's rules as implemented: groups, criteria, sources, ambiguities");
  out.push_back({rules, []() {
                   std::cout << contract::rules_json().dump(2) << "\n";
                   return 0;
                 }});
}

}  // namespace

void register_commands(CLI::App& app, CommandList& out) {
  register_classify(app, out);
  register_validate(app, out);
  register_preview(app, out);
  register_km(app, out);
  register_logrank(app, out);
  register_crosstab(app, out);
  register_describe(app, out);
  register_cuminc(app, out);
  register_cox(app, out);
  register_crr(app, out);
  register_landmark(app, out);
  register_analyze(app, out);
  register_reference(app, out);
}

}  // namespace infant_all::cli
