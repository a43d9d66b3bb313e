// breachclock assess INCIDENT... [--rules DIR] [--policy FILE]... [--as-of TIME] [--format text|json|ics|md|svg|ndjson]
//                    [--no-trace] [--jobs N]
// breachclock explain INCIDENT OBLIGATION_ID [--rules DIR] [--policy FILE]... [--as-of TIME]
// breachclock questions INCIDENT [--rules DIR] [--policy FILE]... [--as-of TIME]
//
// One incident file is assessed as it always was. Several, a folder, `-` (NDJSON incidents on
// stdin) or --format ndjson make a batch: one compact breachclock.assessment/1 document a line,
// in input order, or a breachclock.error/1 line in the place of an incident that could not be
// assessed (docs/cli.md, docs/json.md).
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "cli.hpp"
#include "spool.hpp"

namespace breachclock::cli {

namespace {

enum class view : unsigned char { assess, explain, questions };

struct assess_options {
  std::vector<std::string> inputs;  // assess: incident files, folders, `-`; explain, questions: one file
  std::string obligation_id;
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::vector<std::string> policies;
  std::optional<std::string> as_of;
  std::string format;  // empty: text for one incident, ndjson for a batch
  bool no_trace = false;
  bool include_proposed = false;  // proposed law beside the law in force
  unsigned jobs = 0;              // 0: the machine's cores
  std::string output;
};

breachclock::assess_options::proposed_law proposed_mode(const assess_options& o) {
  return o.include_proposed ? breachclock::assess_options::proposed_law::beside
                            : breachclock::assess_options::proposed_law::exclude;
}

// Loads rules and incident and assesses; prints diagnostics and returns nothing on failure.
std::optional<assessment> load_and_assess(const assess_options& o) {
  auto rules = load_rules(o.rules_dir, o.add_rules, o.policies);
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    return std::nullopt;
  }
  auto inc = load_incident(o.inputs.front(), *rules);
  if (!inc) {
    print_diagnostics(inc.diagnostics());
    return std::nullopt;
  }
  auto at = as_of_time(o.as_of, inc->home_zone(), now());
  if (!at) {
    print_diagnostics(at.diagnostics());
    return std::nullopt;
  }
  auto a = assess(*rules, *inc, *at, {.proposed = proposed_mode(o)});
  if (!a) {
    print_diagnostics(a.diagnostics());
    return std::nullopt;
  }
  return std::move(a).value();
}

exit_code run(const assess_options& o, view v) {
  std::optional<assessment> a = load_and_assess(o);
  if (!a) return exit_code::bad_input;
  const text_options text{use_color() && o.output.empty()};
  std::string out;
  switch (v) {
    case view::assess:
      if (o.format == "json") out = render_json(*a, json_options{false, !o.no_trace});
      else if (o.format == "ics") out = render_ics(*a);
      else if (o.format == "md") out = render_markdown(*a);
      else if (o.format == "svg") out = render_svg(*a);
      else out = render_text(*a, text);
      break;
    case view::questions: out = render_questions(*a, text); break;
    case view::explain: {
      const obligation_result* found = a->find(o.obligation_id);
      if (found == nullptr) {
        const std::vector<duty>& proposed = a->rules.proposed_duties();
        if (std::any_of(proposed.begin(), proposed.end(), [&](const duty& d) { return d.id == o.obligation_id; })) {
          print_diagnostics(
              {make_error("cli.unknown-obligation", source_location{"OBLIGATION_ID", 1, 1},
                          "'" + o.obligation_id +
                              "' is proposed law only, not in force: explain it with --include-proposed")});
          return exit_code::bad_input;
        }
        std::vector<std::string> ids = a->rules.obligation_ids();
        std::string list;
        for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
        print_diagnostics({make_error("cli.unknown-obligation", source_location{"OBLIGATION_ID", 1, 1},
                                      "unknown obligation '" + o.obligation_id + "'" +
                                          did_you_mean(o.obligation_id, ids) + " (the obligations are " + list + ")")});
        return exit_code::bad_input;
      }
      // --include-proposed: the law in force's result, then each proposed version of the id (beside
      // puts them just after it).
      for (const obligation_result& r : a->obligations) {
        if (r.rule == nullptr || r.rule->id != o.obligation_id) continue;
        if (!out.empty()) out += "\n";
        out += render_explanation(*a, r, text);
      }
      break;
    }
  }
  return write_output(out, o.output, o.inputs) ? exit_code::ok : exit_code::bad_input;
}

// ---- Batches ----------------------------------------------------------------------------------

// The name standard input goes by, on the command line and in messages: `-:LINE:COL`.
constexpr const char* k_stdin = "-";
// The longest line of NDJSON input: the limit of an incident file (source_file.hpp).
constexpr std::size_t k_max_record_bytes = std::size_t{4} * 1024 * 1024;
// Records assessed together (by --jobs threads) before their lines are written.
constexpr std::size_t k_records_per_job = 32;
// Output held before it is written to stdout (it is also written whenever the input would wait).
constexpr std::size_t k_output_flush_bytes = std::size_t{256} * 1024;

// One incident of a batch: a file to read, or a line of standard input.
struct record {
  std::string path;  // the file; empty for a line of stdin
  std::string text;  // the line (without its newline)
  int line = 0;      // the line's number in the stream
  bool too_long = false;
};

// The rule set, the clock and the options every record of a batch shares.
struct batch {
  const rule_set& rules;
  std::optional<std::string> as_of;
  instant clock;
  json_options json;
  breachclock::assess_options::proposed_law proposed = breachclock::assess_options::proposed_law::exclude;
};

// The `input` of an error line: the file, or `-:LINE`.
std::string input_name(const record& r) {
  return r.path.empty() ? std::string(k_stdin) + ":" + std::to_string(r.line) : r.path;
}

// A line of stdin is located on its line of the stream: the parser sees it as a file of one line.
std::vector<diagnostic> relocated(std::vector<diagnostic> ds, int line) {
  for (diagnostic& d : ds) {
    if (d.where.file == k_stdin && d.where.line >= 1) d.where.line += line - 1;
  }
  return ds;
}

// Assesses one record, appending its line (an assessment, or an error line) to `out`. False
// when the record could not be assessed.
bool assess_record(const batch& b, const record& r, std::string& out) {
  const auto fail = [&](std::vector<diagnostic> ds) {
    append_error_json(out, input_name(r), r.path.empty() ? relocated(std::move(ds), r.line) : ds);
    return false;
  };
  if (r.path.empty()) {
    if (r.too_long) {
      return fail({make_error("cli.record-too-long", source_location{k_stdin, 1, 1},
                              "this line is longer than " + std::to_string(k_max_record_bytes) +
                                  " bytes, the limit of an incident")});
    }
    const std::size_t first = std::min(r.text.find_first_not_of(" \t\r"), r.text.size());
    if (first == r.text.size() || r.text[first] != '{') {
      return fail({make_error("cli.record-not-object", source_location{k_stdin, 1, static_cast<int>(first) + 1},
                              "each line of NDJSON input is an incident, one JSON object: this line does not "
                              "start with '{'")});
    }
  }
  result<incident> inc = r.path.empty() ? parse_incident(source_file{k_stdin, r.text, k_stdin}, b.rules.schema())
                                        : load_incident(r.path, b.rules);
  if (!inc) return fail(std::move(inc).take_diagnostics());
  auto at = as_of_time(b.as_of, inc->home_zone(), b.clock);
  if (!at) return fail(std::move(at).take_diagnostics());
  auto bound = bind(b.rules, std::move(*inc));  // moved, not copied: the record is done with it
  if (!bound) return fail(std::move(bound).take_diagnostics());
  auto a = assess(b.rules, *bound, *at,
                  {.trace = b.json.trace, .proposed = b.proposed});  // no trace recorded that is not written
  if (!a) return fail(std::move(a).take_diagnostics());
  append_json(out, *a, b.json);
  return true;
}

// Lines of standard input, read in blocks. `before_wait` is called before each read that may
// wait for the writer, so that the answers to the lines read so far can go out first.
class line_reader {
 public:
  explicit line_reader(std::function<bool()> before_wait) : before_wait_(std::move(before_wait)) {}

  // The next line that is not blank, or false at the end of input (or when `failed()`).
  bool next(record& r) {
    for (;;) {
      r = record{};
      r.line = line_ + 1;
      bool any = false;  // a byte of this line was seen
      for (;;) {
        if (begin_ == end_ && !fill()) break;
        any = true;
        const char* start = buffer_.data() + begin_;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
        const std::size_t n = nl != nullptr ? static_cast<std::size_t>(nl - start) : end_ - begin_;
        if (!r.too_long && r.text.size() + n > k_max_record_bytes) {
          r.too_long = true;
          r.text.clear();
          r.text.shrink_to_fit();
        }
        if (!r.too_long) r.text.append(start, n);
        begin_ += n;
        if (nl != nullptr) {
          ++begin_;
          break;
        }
      }
      if (!any || failed_) return false;
      ++line_;
      if (r.too_long || r.text.find_first_not_of(" \t\r") != std::string::npos) return true;
    }
  }
  bool failed() const { return failed_; }

 private:
  bool fill() {
    if (eof_ || failed_) return false;
    if (!before_wait_()) {
      failed_ = true;
      return false;
    }
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        print_error(std::string("cannot read standard input: ") + std::strerror(errno));
        failed_ = true;
        return false;
      }
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      eof_ = n == 0;
      return n > 0;
    }
  }

  std::function<bool()> before_wait_;
  std::vector<char> buffer_ = std::vector<char>(std::size_t{64} * 1024);
  std::size_t begin_ = 0, end_ = 0;
  int line_ = 0;
  bool eof_ = false, failed_ = false;
};

// Where a batch's lines go: stdout as they come (checked), or one file at the end.
class line_sink {
 public:
  // To the standard output, or (`file` not null) to the spool of -o FILE.
  explicit line_sink(spool* file) : file_(file) {}
  std::string& buffer() { return buffer_; }
  // Writes what is held; false (after saying why) when it could not.
  bool flush() {
    if (buffer_.empty()) return true;
    if (file_ != nullptr) {
      const bool ok = file_->write(buffer_);
      buffer_.clear();
      return ok;
    }
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        print_error(std::string("cannot write the result to standard output (") + std::strerror(errno) +
                    "): the output is incomplete");
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
    return true;
  }

 private:
  spool* file_;
  std::string buffer_;
};

// Assesses `records` on `jobs` threads, appending their lines to `out` in order; returns how
// many could not be assessed.
std::size_t assess_all(const batch& b, const std::vector<record>& records, unsigned jobs, std::string& out) {
  std::size_t bad = 0;
  if (jobs <= 1 || records.size() < 2) {
    for (const record& r : records) bad += assess_record(b, r, out) ? 0U : 1U;
    return bad;
  }
  std::vector<std::string> lines(records.size());
  std::vector<std::size_t> bad_of(jobs, 0);
  std::vector<std::exception_ptr> failure(jobs);
  const std::size_t per = (records.size() + jobs - 1) / jobs;
  {
    // Joined on every path (std::jthread), an exception of a worker (std::bad_alloc) kept and
    // rethrown here, where main() reports it, instead of terminating the process.
    std::vector<std::jthread> threads;
    threads.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) {
      const std::size_t from = std::min(records.size(), t * per);
      const std::size_t to = std::min(records.size(), from + per);
      if (from == to) break;
      threads.emplace_back([&, from, to, t] {
        try {
          for (std::size_t i = from; i < to; ++i) bad_of[t] += assess_record(b, records[i], lines[i]) ? 0U : 1U;
        } catch (...) {
          failure[t] = std::current_exception();
        }
      });
    }
  }
  for (const std::exception_ptr& e : failure) {
    if (e) std::rethrow_exception(e);
  }
  for (const std::string& l : lines) out += l;
  for (const std::size_t n : bad_of) bad += n;
  return bad;
}

bool is_batch(const assess_options& o) {
  if (o.inputs.size() > 1 || o.format == "ndjson") return true;
  std::error_code ec;
  return o.inputs.front() == k_stdin || std::filesystem::is_directory(o.inputs.front(), ec);
}

exit_code run_batch(const assess_options& o) {
  if (!o.format.empty() && o.format != "ndjson") {
    print_diagnostics({make_error("cli.batch-format", option_origin("--format"),
                                  "several incidents (or a folder, or '-') are written as NDJSON, one assessment a "
                                  "line: use --format ndjson, or leave --format out, or assess one incident at a "
                                  "time for --format " +
                                      o.format)});
    return exit_code::bad_input;
  }
  if (std::count(o.inputs.begin(), o.inputs.end(), k_stdin) > 1) {
    print_diagnostics({make_error("cli.stdin-twice", option_origin("INCIDENT"),
                                  "'-' (standard input) is named more than once: it can be read only once")});
    return exit_code::bad_input;
  }
  // Everything named is listed before anything is assessed: a folder that cannot be, and the
  // command fails with nothing written.
  std::vector<std::vector<std::string>> paths;
  std::vector<diagnostic> listing;
  for (const std::string& in : o.inputs) {
    if (in == k_stdin) {
      paths.emplace_back();
      continue;
    }
    auto found = incident_paths({in});
    if (found) paths.push_back(std::move(*found));
    else listing.insert(listing.end(), found.diagnostics().begin(), found.diagnostics().end());
  }
  if (has_errors(listing)) {
    print_diagnostics(listing);
    return exit_code::bad_input;
  }
  // -o may not name any of the files read, those found in folders included.
  std::vector<std::string> read = o.inputs;
  for (const std::vector<std::string>& found : paths) read.insert(read.end(), found.begin(), found.end());
  // -o FILE: checked before anything is read, and written as the lines come (a temporary file
  // beside it, renamed over it once complete), so memory stays flat however long the batch.
  spool file;
  if (!o.output.empty()) {
    if (!file.open(o.output)) return exit_code::bad_input;
    for (const std::string& p : read) {
      if (p != k_stdin && file.is_target(p)) {
        file.refuse_input(p);
        return exit_code::bad_input;
      }
    }
  }
  auto rules = load_rules(o.rules_dir, o.add_rules, o.policies);
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    return exit_code::bad_input;
  }
  // A TIME that is no time at all is refused once, before any incident (one that is only
  // skipped or repeated in an incident's zone is that incident's error).
  if (o.as_of) {
    auto at = as_of_time(o.as_of, zone::utc(), instant{});
    if (!at) {
      print_diagnostics(at.diagnostics());
      return exit_code::bad_input;
    }
  }
  // A reader gone (a closed pipe) is an error to report, not a signal that kills in silence.
  std::signal(SIGPIPE, SIG_IGN);
  const batch b{*rules, o.as_of, now(), json_options{true, !o.no_trace}, proposed_mode(o)};
  const unsigned jobs = o.jobs != 0 ? o.jobs : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t chunk = k_records_per_job * jobs;
  line_sink sink(o.output.empty() ? nullptr : &file);
  std::vector<record> pending;
  std::size_t total = 0;
  std::size_t bad = 0;
  bool write_failed = false;
  // Assesses what is pending and writes it out: when enough is pending, before stdin is
  // waited for, and at the end.
  const auto drain = [&](bool force) {
    if (!pending.empty()) {
      total += pending.size();
      bad += assess_all(b, pending, jobs, sink.buffer());
      pending.clear();
    }
    if ((force || sink.buffer().size() >= k_output_flush_bytes) && !sink.flush()) write_failed = true;
    return !write_failed;
  };
  for (std::size_t i = 0; i < o.inputs.size() && !write_failed; ++i) {
    if (o.inputs[i] == k_stdin) {
      line_reader reader([&] { return drain(true); });
      record r;
      while (!write_failed && reader.next(r)) {
        pending.push_back(std::move(r));
        if (pending.size() >= chunk) drain(false);
      }
      if (reader.failed() && !write_failed) {
        drain(true);
        return exit_code::bad_input;
      }
      continue;
    }
    for (const std::string& p : paths[i]) {
      pending.push_back(record{p, {}, 0, false});
      if (pending.size() >= chunk && !drain(false)) break;
    }
  }
  if (write_failed || !drain(true)) return exit_code::bad_input;
  if (!o.output.empty() && !file.commit()) return exit_code::bad_input;
  if (bad > 0) {
    print_error(std::to_string(bad) + " of " + std::to_string(total) +
                " incidents could not be assessed: their lines are breachclock.error/1 diagnostics");
    return exit_code::bad_input;
  }
  return exit_code::ok;
}

exit_code run_assess(const assess_options& o) {
  if (o.no_trace && !o.format.empty() && o.format != "json" && o.format != "ndjson") {
    print_diagnostics({make_error("cli.no-trace", option_origin("--no-trace"),
                                  "--no-trace leaves the trace out of the JSON documents (--format json or "
                                  "ndjson), not out of --format " +
                                      o.format)});
    return exit_code::bad_input;
  }
  if (is_batch(o)) return run_batch(o);
  if (o.no_trace && o.format.empty()) {
    print_diagnostics({make_error("cli.no-trace", option_origin("--no-trace"),
                                  "--no-trace leaves the trace out of the JSON documents (--format json or "
                                  "ndjson), not out of the text report")});
    return exit_code::bad_input;
  }
  return run(o, view::assess);
}

void common_options(CLI::App* cmd, assess_options& o) {
  cmd->add_option("--rules", o.rules_dir, "Rule folder (default: the rules bundled in the library)");
  add_rules_option(cmd, o.add_rules);
  cmd->add_option("--policy", o.policies, "A policy overlay file (repeatable)");
  cmd->add_option("--as-of", o.as_of,
                  "The instant to assess at: RFC 3339, or a local time in the incident's zone (default: now)");
  add_output_option(cmd, o.output);
  cmd->add_flag("--include-proposed", o.include_proposed,
                "Show proposed law (a pack or version marked proposed) beside the law in force, each marked "
                "proposed; the questions stay the law in force's");
}

}  // namespace

void setup_assess(CLI::App& app, exit_code& status) {
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("assess", "Whom to notify, by when, and what is still unknown, for an incident");
    cmd->add_option("INCIDENT", o->inputs,
                    "Incident file (TOML, or JSON of the same shape); several, folders of them, or - for NDJSON "
                    "incidents on stdin: NDJSON assessments, one a line")
        ->required();
    common_options(cmd, *o);
    cmd->add_option("--format", o->format,
                    "Output: text, json (breachclock.assessment/1), ics (iCalendar), md (Markdown report), svg "
                    "(timeline), or ndjson (one compact JSON assessment a line; the only output of a batch)")
        ->check(CLI::IsMember({"text", "json", "ics", "md", "svg", "ndjson"}));
    cmd->add_flag("--no-trace", o->no_trace, "JSON: leave out the explanation trace (each obligation's because: [])");
    cmd->add_option("--jobs", o->jobs,
                    "Threads assessing a batch (default: the machine's cores); the output is the same")
        ->check(CLI::Range(1U, 256U));
    cmd->callback([o, &status] { status = run_assess(*o); });
  }
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("explain",
                                       "Explain one obligation: each condition, exception, citation and the deadline");
    o->inputs.resize(1);
    cmd->add_option("INCIDENT", o->inputs.front(), "Incident file")->required();
    cmd->add_option("OBLIGATION_ID", o->obligation_id, "Obligation id, such as uk-gdpr/notify-ico")->required();
    common_options(cmd, *o);
    cmd->callback([o, &status] { status = run(*o, view::explain); });
  }
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("questions",
                                       "The unknown facts and events, ranked by how many obligations each decides");
    o->inputs.resize(1);
    cmd->add_option("INCIDENT", o->inputs.front(), "Incident file")->required();
    common_options(cmd, *o);
    cmd->callback([o, &status] { status = run(*o, view::questions); });
  }
}

}  // namespace breachclock::cli
