// breachclock diff --old DIR --new DIR INCIDENT_OR_DIR... [--as-of TIME] [--format text|json] [--exit-code]
//                  [--jobs N]
// breachclock diff --proposed [--old DIR] [--add-rules DIR]... INCIDENT_OR_DIR...: one rule set's law in
//                  force against the same rules with their proposals enacted (assess_options enact).
//
// Streams: each incident is read once, assessed under both rule sets, its part of the report
// rendered and written to a spool file, and freed, so memory stays flat however many incidents
// there are. Worker threads (--jobs) take incidents from a bounded window; their parts are
// written in input order, so the output is byte-identical whatever the number of jobs. An
// incident that one side cannot read, validate or assess is not compared: its part (the side,
// its diagnostics) goes to a second, scratch file, appended after the incidents compared, and
// the exit code is 3. Fail closed: the spool becomes the output (renamed over -o FILE, or
// copied to stdout) only once every incident has been through; rules that cannot be loaded, a
// named path that does not exist, an --as-of that cannot be read are errors (exit 2).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include "breachclock/document.hpp"
#include "breachclock/engine/diff.hpp"
#include "breachclock/report/diff.hpp"
#include "breachclock/source_file.hpp"
#include "cli.hpp"
#include "spool.hpp"

namespace breachclock::cli {

namespace {

namespace fs = std::filesystem;

// The most threads --jobs may ask for.
constexpr int k_max_jobs = 1024;

struct diff_options {
  std::string old_dir;
  std::string new_dir;
  std::vector<std::string> add_rules;  // --add-rules: on both sides
  std::vector<std::string> inputs;
  std::optional<std::string> as_of;
  std::string format = "text";
  bool exit_code = false;
  bool proposed = false;  // --proposed: the law in force of --old against its proposals enacted
  std::string output;
  int jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
};

// The incident paths, compactly: a million of them take a few tens of megabytes (each name once,
// in one buffer, and its folder once per run of names), not a std::string and a std::filesystem
// path each. The order, and what is refused, are those of incident_paths (list_files): every
// problem found while listing a folder is reported by listing that folder again with it, so the
// diagnostics are the library's own.
class incident_list {
 public:
  std::size_t size() const noexcept { return ends_.size(); }
  std::string path(std::size_t i) const {
    const auto run = std::prev(std::upper_bound(runs_.begin(), runs_.end(), i,
                                                [](std::size_t k, const folder_run& r) { return k < r.first; }));
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return run->prefix + names_.substr(begin, ends_[i] - begin);
  }

  static result<incident_list> of(const std::vector<std::string>& inputs) {
    incident_list out;
    for (const std::string& in : inputs) {
      std::error_code ec;
      if (!fs::is_directory(in, ec)) {
        // A path named that is not there is a mistake of the command, not of one incident.
        if (!fs::exists(in, ec)) {
          auto missing = read_source_file(in);
          if (!missing) return std::move(missing).take_diagnostics();
        }
        out.add("", in);  // read (or not compared, with its reason) as the incidents are loaded
        continue;
      }
      std::set<fs::path> listed{fs::canonical(in, ec)};
      std::size_t found = 0;
      const std::size_t before = out.size();
      if (ec || !out.list(in, in.back() == '/' ? in : in + "/", listed, found) || found == 0) {
        auto diagnosed = incident_paths({in});  // the library's listing says what is wrong
        if (!diagnosed) return std::move(diagnosed).take_diagnostics();
        // Listed without complaint after all (the folder changed meanwhile): list it as it is.
        out.truncate(before);
        for (const std::string& p : *diagnosed) out.add("", p);
      }
    }
    return out;
  }

 private:
  struct folder_run {
    std::size_t first;   // the index of its first path
    std::string prefix;  // its folder, with the separator
  };

  void add(const std::string& prefix, std::string_view name) {
    if (runs_.empty() || runs_.back().prefix != prefix) runs_.push_back({size(), prefix});
    names_ += name;
    ends_.push_back(names_.size());
  }
  void truncate(std::size_t n) {
    ends_.resize(n);
    names_.resize(n == 0 ? 0 : ends_.back());
    while (!runs_.empty() && runs_.back().first >= n) runs_.pop_back();
  }

  // Lists `folder` (shown as `prefix`) as list_files does: names sorted, sub-folders in their
  // place among the files (the order of paths compared part by part), links followed, *.toml
  // and *.json regular files kept. False at the first thing list_files refuses.
  bool list(const fs::path& folder, const std::string& prefix, std::set<fs::path>& listed, std::size_t& found) {
    struct entry {
      std::size_t offset;
      std::size_t length;
      bool folder;
    };
    std::string names;
    std::vector<entry> entries;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      fs::file_status st = it->symlink_status(ec);
      if (ec) return false;
      if (fs::is_symlink(st)) {
        st = fs::status(p, ec);
        if (ec) return false;
      }
      const bool is_folder = fs::is_directory(st);
      if (is_folder) {
        const fs::path real = fs::canonical(p, ec);
        if (ec || !listed.insert(real).second) return false;
      } else {
        const std::string e = p.extension().string();
        if (e != ".toml" && e != ".json") continue;
        if (!fs::is_regular_file(st)) return false;
        if (++found > k_max_incidents) return false;
      }
      const std::string name = p.filename().string();
      entries.push_back({names.size(), name.size(), is_folder});
      names += name;
    }
    if (ec) return false;
    const auto name_of = [&names](const entry& e) { return std::string_view(names).substr(e.offset, e.length); };
    std::sort(entries.begin(), entries.end(), [&](const entry& a, const entry& b) { return name_of(a) < name_of(b); });
    for (const entry& e : entries) {
      if (!e.folder) {
        add(prefix, name_of(e));
      } else {
        const std::string sub(name_of(e));
        if (!list(folder / sub, prefix + sub + "/", listed, found)) return false;
      }
    }
    return true;
  }

  std::string names_;
  std::vector<std::size_t> ends_;  // where each path's name ends in names_
  std::vector<folder_run> runs_;
};

// Reading an incident once serves both rule sets when their schemas declare the same events
// and facts (names, types, values, bounds, fallbacks, in the same order): what reading checks.
bool same_schema(const fact_schema& a, const fact_schema& b) {
  const auto fact_key = [](const fact_decl& f) { return std::tie(f.name, f.type, f.values, f.min, f.max); };
  const auto event_key = [](const event_decl& e) { return std::tie(e.name, e.fallback); };
  return std::equal(a.facts().begin(), a.facts().end(), b.facts().begin(), b.facts().end(),
                    [&](const fact_decl& x, const fact_decl& y) { return fact_key(x) == fact_key(y); }) &&
         std::equal(a.events().begin(), a.events().end(), b.events().begin(), b.events().end(),
                    [&](const event_decl& x, const event_decl& y) { return event_key(x) == event_key(y); });
}

// One incident compared: its part of the report; or not compared, its part saying why; or the
// reason the command stops.
struct outcome {
  std::string part;
  std::size_t changes = 0;
  bool not_compared = false;            // `part` is the incident's entry among those not compared
  std::vector<diagnostic> diagnostics;  // why the command stops (--as-of cannot be read in its zone)
  bool is_target = false;               // the incident is the file -o would replace
  std::exception_ptr bug;               // what compare_one threw (only a bug throws): rethrown in the main thread
  bool ready = false;
};

// The two sides' failures, as an incident not compared: the side that failed, and its
// diagnostics (both: the old side's, then the new side's that the old did not give).
template <typename A, typename B>
std::optional<incident_not_compared> refused(const std::string& path, const result<A>& old_side,
                                             const result<B>& new_side) {
  if (old_side && new_side) return std::nullopt;
  incident_not_compared n{path,
                          !old_side && !new_side ? diff_side::both
                          : !old_side            ? diff_side::old_rules
                                                 : diff_side::new_rules,
                          {}};
  if (!old_side) n.diagnostics = old_side.diagnostics();
  if (!new_side) {
    for (const diagnostic& d : new_side.diagnostics()) {
      if (std::find(n.diagnostics.begin(), n.diagnostics.end(), d) == n.diagnostics.end()) n.diagnostics.push_back(d);
    }
  }
  return n;
}

struct comparison {
  const diff_options& options;
  const rule_set& old_rules;
  const rule_set& new_rules;
  bool one_reading;  // the two schemas read incidents alike
  instant clock;
  const incident_list& paths;
  const spool& out;

  outcome compare_one(std::size_t k) const {
    outcome r;
    const std::string path = paths.path(k);
    r.is_target = out.is_target(path);
    // What neither side can read is refused by both.
    auto file = read_source_file(path);
    if (!file) return not_compared(std::move(r), {path, diff_side::both, file.diagnostics()});
    auto doc = document::parse(*file);
    if (!doc) return not_compared(std::move(r), {path, diff_side::both, doc.diagnostics()});
    auto before_incident = read_incident(*doc, {}, old_rules.schema());
    if (one_reading && !before_incident) {
      return not_compared(std::move(r), {path, diff_side::both, before_incident.diagnostics()});
    }
    std::optional<result<incident>> after_incident;
    if (!one_reading) {
      after_incident.emplace(read_incident(*doc, {}, new_rules.schema()));
      if (auto n = refused(path, before_incident, *after_incident)) return not_compared(std::move(r), *n);
    }
    auto at = as_of_time(options.as_of, before_incident->home_zone(), clock);
    if (!at) {
      r.diagnostics = at.diagnostics();
      return r;
    }
    // Bound once under each rule set; the incident read last is moved into its binding.
    auto before_bound = after_incident ? bind(old_rules, std::move(*before_incident))
                                       : bind(old_rules, *before_incident);
    auto after_bound = bind(new_rules, after_incident ? std::move(**after_incident) : std::move(*before_incident));
    if (auto n = refused(path, before_bound, after_bound)) return not_compared(std::move(r), *n);
    auto before = assess(old_rules, *before_bound, *at);
    auto after = assess(new_rules, *after_bound, *at,
                        {.proposed = options.proposed ? breachclock::assess_options::proposed_law::enact
                                                      : breachclock::assess_options::proposed_law::exclude});
    if (auto n = refused(path, before, after)) return not_compared(std::move(r), *n);
    const incident_diff d = diff_incident(path, *before, *after);
    r.changes = d.changes.size();
    r.part = options.format == "json" ? render_diff_json_incident(d, true) : render_diff_text_incident(d);
    return r;
  }

  // The separator of a JSON element depends on whether it is the first of its array, which
  // only the main thread knows: the part is rendered as a first element, and given its comma
  // when it is written (render_diff_json_*(x, false) is "," + render_diff_json_*(x, true)).
  outcome not_compared(outcome r, const incident_not_compared& n) const {
    r.not_compared = true;
    r.part = options.format == "json" ? render_diff_json_not_compared(n, true) : render_diff_text_not_compared(n);
    return r;
  }
};

// Compares every incident, `jobs` at a time, and hands each outcome to `take` in input order;
// `take` returns false to stop (the incidents after it are not compared).
template <typename Take>
void compare_all(const comparison& c, std::size_t jobs, Take take) {
  const std::size_t n = c.paths.size();
  if (jobs <= 1) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!take(c.compare_one(k))) return;
    }
    return;
  }
  // A window of outcomes: a worker claims incident k only once k - window has been taken, so
  // memory is bounded whatever n.
  const std::size_t window = 64 * jobs;
  std::vector<outcome> slots(window);
  std::mutex m;
  std::condition_variable claimable;
  std::condition_variable arrived;
  std::size_t next_claim = 0;
  std::size_t next_take = 0;
  bool stop = false;
  const auto work = [&] {
    for (;;) {
      std::unique_lock<std::mutex> lock(m);
      claimable.wait(lock, [&] { return stop || next_claim >= n || next_claim < next_take + window; });
      if (stop || next_claim >= n) return;
      const std::size_t k = next_claim++;
      lock.unlock();
      outcome r;
      try {
        r = c.compare_one(k);
      } catch (...) {
        r.bug = std::current_exception();
      }
      lock.lock();
      r.ready = true;
      slots[k % window] = std::move(r);
      if (k == next_take) arrived.notify_one();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(std::min(jobs, n));
  for (std::size_t j = 0; j < std::min(jobs, n); ++j) workers.emplace_back(work);
  std::exception_ptr bug;
  for (std::size_t k = 0; k < n; ++k) {
    std::unique_lock<std::mutex> lock(m);
    arrived.wait(lock, [&] { return slots[k % window].ready; });
    outcome r = std::move(slots[k % window]);
    slots[k % window] = outcome{};
    ++next_take;
    lock.unlock();
    claimable.notify_all();
    if (r.bug) bug = r.bug;
    if (bug || !take(std::move(r))) break;
  }
  {
    const std::lock_guard<std::mutex> lock(m);
    stop = true;
  }
  claimable.notify_all();
  for (std::thread& w : workers) w.join();
  if (bug) std::rethrow_exception(bug);
}

// The parts of the incidents not compared, kept aside until every incident has been through
// (they follow those compared): an unlinked temporary file in $TMPDIR, so that memory stays flat
// however many there are.
class scratch {
 public:
  scratch() = default;
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
  ~scratch() {
    if (fd_ >= 0) ::close(fd_);
  }

  // Appends (buffered); false after printing why.
  [[nodiscard]] bool write(std::string_view text) {
    buffer_ += text;
    return buffer_.size() < k_buffer || flush();
  }

  // Appends everything written to `out`; false after printing why.
  [[nodiscard]] bool copy_to(spool& out) {
    if (fd_ < 0) return out.write(buffer_);
    if (!flush() || ::lseek(fd_, 0, SEEK_SET) != 0) return failed(errno);
    std::string chunk(k_buffer, '\0');
    for (;;) {
      const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failed(errno);
      if (n == 0) return true;
      if (!out.write(std::string_view(chunk.data(), static_cast<std::size_t>(n)))) return false;
    }
  }

 private:
  static constexpr std::size_t k_buffer = std::size_t{1} << 20;

  bool flush() {
    if (fd_ < 0) {
      const char* dir = std::getenv("TMPDIR");
      std::string temp = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/breachclock-XXXXXX";
      fd_ = ::mkstemp(temp.data());
      if (fd_ < 0) return failed(errno);
      ::unlink(temp.c_str());  // nothing is left behind, whatever happens
    }
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return failed(errno);
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
    return true;
  }
  static bool failed(int error) {
    print_error(std::string("cannot keep the incidents not compared in a temporary file: ") + std::strerror(error));
    return false;
  }

  int fd_ = -1;
  std::string buffer_;
};

exit_code run_diff(const diff_options& o) {
  if (o.jobs < 1 || o.jobs > k_max_jobs) {
    print_diagnostics({make_error("cli.jobs", option_origin("--jobs"),
                                  fmt::format("--jobs must be 1 or more, and at most {} (the number of incidents "
                                              "compared at once)",
                                              k_max_jobs))});
    return exit_code::bad_input;
  }
  // A reader gone (`diff ... | head`) is an error to report, not a signal that kills in silence.
  if (o.proposed && !o.new_dir.empty()) {
    print_diagnostics({make_error("cli.diff-proposed", option_origin("--new"),
                                  "diff --proposed compares one rule set (--old, default the bundled rules, and "
                                  "--add-rules) with its proposals enacted: it takes no --new")});
    return exit_code::bad_input;
  }
  std::signal(SIGPIPE, SIG_IGN);
  auto old_rules = load_rules(o.old_dir, o.add_rules, {});
  auto new_rules = o.proposed ? old_rules : load_rules(o.new_dir, o.add_rules, {});
  std::vector<diagnostic> ds;
  if (!old_rules) ds.insert(ds.end(), old_rules.diagnostics().begin(), old_rules.diagnostics().end());
  if (!new_rules) ds.insert(ds.end(), new_rules.diagnostics().begin(), new_rules.diagnostics().end());
  auto paths = incident_list::of(o.inputs);
  if (!paths) ds.insert(ds.end(), paths.diagnostics().begin(), paths.diagnostics().end());
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }
  spool out;
  if (!out.open(o.output)) return exit_code::bad_input;
  const bool json = o.format == "json";
  if (json && !out.write(render_diff_json_head({o.old_dir.empty() ? "bundled" : o.old_dir, old_rules->digest()},
                                               {o.proposed ? (o.old_dir.empty() ? "bundled" : o.old_dir) +
                                                                 std::string(", proposals enacted")
                                                : o.new_dir.empty() ? "bundled"
                                                                    : o.new_dir,
                                                new_rules->digest()}))) {
    return exit_code::bad_input;
  }
  const std::size_t n = paths->size();
  const bool progress = isatty(STDERR_FILENO) != 0 && n > 20;
  // One "now" for every incident compared.
  const comparison c{o,     *old_rules, *new_rules, same_schema(old_rules->schema(), new_rules->schema()),
                     now(), *paths,     out};
  diff_summary summary;
  scratch later;                            // the parts of the incidents not compared
  std::optional<std::string> input_target;  // the first incident that is the -o file
  bool write_failed = false;
  std::size_t done = 0;
  compare_all(c, static_cast<std::size_t>(o.jobs), [&](outcome r) {
    if (progress && (done % 10 == 0 || done + 1 == n)) {
      std::cerr << fmt::format("\rcomparing {}/{} incidents", done + 1, n) << std::flush;
    }
    if (r.is_target && !input_target) input_target = paths->path(done);
    ++done;
    if (!r.diagnostics.empty()) {  // the command stops: nothing will be written
      ds.insert(ds.end(), r.diagnostics.begin(), r.diagnostics.end());
      return false;
    }
    // A JSON part is rendered as the first element of its array; the others take a comma.
    const bool first = r.not_compared ? summary.not_compared == 0 : summary.incidents == 0;
    const std::string_view comma = json && !first ? "," : "";
    if (r.not_compared) count_not_compared(summary);
    else count_incident(summary, r.changes);
    const bool written = r.not_compared ? later.write(comma) && later.write(r.part)
                                        : out.write(comma) && out.write(r.part);
    write_failed = !written;
    return written;
  });
  if (progress) std::cerr << "\r" << std::string(40, ' ') << "\r";
  if (write_failed) return exit_code::bad_input;
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }
  if (input_target) {
    out.refuse_input(*input_target);
    return exit_code::bad_input;
  }
  if ((json && !out.write(render_diff_json_middle(summary))) || !later.copy_to(out) ||
      !out.write(json ? render_diff_json_tail(summary) : render_diff_text_summary(summary)) || !out.commit()) {
    return exit_code::bad_input;
  }
  // Some incidents not compared is the first thing to say: the comparison is not whole.
  if (summary.not_compared > 0) return exit_code::partial;
  return o.exit_code && summary.changed_obligations > 0 ? exit_code::failures : exit_code::ok;
}

}  // namespace

void setup_diff(CLI::App& app, exit_code& status) {
  auto o = std::make_shared<diff_options>();
  CLI::App* cmd = app.add_subcommand("diff", "Which incidents' duties, deadlines or recipients a rule change moves");
  cmd->add_option("--old", o->old_dir, "The rule folder before the change (default: the bundled rules)");
  cmd->add_option("--new", o->new_dir, "The rule folder after the change (default: the bundled rules)");
  add_rules_option(cmd, o->add_rules);  // on both sides
  cmd->add_option("INCIDENT_OR_DIR", o->inputs, "Incident files, or folders of them")->required();
  cmd->add_option("--as-of", o->as_of, "The instant both assessments are made at (default: now)");
  cmd->add_option("--format", o->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--proposed", o->proposed,
                "Compare the law in force with its proposals enacted (proposed packs and versions), one rule set "
                "(--old, or the bundled rules, with --add-rules); no --new");
  cmd->add_flag("--exit-code", o->exit_code,
                "Exit 1 when any obligation changed (exit 3, whatever this flag, when any incident could not be "
                "compared)");
  cmd->add_option("--jobs", o->jobs, "Incidents compared at once, in threads (default: the machine's cores)")
      ->type_name("N");
  add_output_option(cmd, o->output);
  cmd->callback([o, &status] { status = run_diff(*o); });
}

}  // namespace breachclock::cli
