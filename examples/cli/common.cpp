#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "breachclock/source_file.hpp"
#include "cli.hpp"

namespace breachclock::cli {

void print_diagnostics(const std::vector<diagnostic>& ds) {
  // With the code, which docs/diagnostics.md explains: `file:line:col: error[code]: message`.
  for (const diagnostic& d : ds) std::cerr << to_string(d, diagnostic_style::with_code) << '\n';
}

void print_error(const std::string& message) { std::cerr << "breachclock: error: " << message << '\n'; }

source_location option_origin(const std::string& option) { return source_location{option, 1, 1}; }

std::optional<choose> parse_choose(const std::string& text) {
  if (text == "reject") return choose::reject;
  if (text == "earliest") return choose::earliest;
  if (text == "latest") return choose::latest;
  return std::nullopt;
}

namespace {

result<std::vector<source_file>> module_files(const std::vector<std::string>& add_rules) {
  std::vector<source_file> out;
  std::vector<diagnostic> ds;
  for (const std::string& dir : add_rules) {
    auto read = read_module_folder(dir);
    if (!read) ds.insert(ds.end(), read.diagnostics().begin(), read.diagnostics().end());
    else out.insert(out.end(), read->begin(), read->end());
  }
  if (has_errors(ds)) return ds;
  return out;
}

}  // namespace

void add_rules_option(CLI::App* cmd, std::vector<std::string>& add_rules) {
  cmd->add_option("--add-rules", add_rules,
                  "Module folder (holds module.toml), or folder of modules, to load on top of the rules (repeatable)")
      ->type_name("DIR")
      ->allow_extra_args(false);  // one DIR per --add-rules: what follows is the command's own arguments
}

result<std::vector<source_file>> rule_files(const std::string& rules_dir, const std::vector<std::string>& add_rules) {
  auto base = rules_dir.empty() ? result<std::vector<source_file>>(bundled_rule_files()) : read_directory(rules_dir);
  if (!base || add_rules.empty()) return base;
  auto added = module_files(add_rules);
  if (!added) return std::move(added).take_diagnostics();
  std::vector<source_file> all = std::move(*base);
  all.insert(all.end(), added->begin(), added->end());
  return all;
}

result<rule_set> load_rules(const std::string& rules_dir, const std::vector<std::string>& policies) {
  return load_rules(rules_dir, {}, policies);
}

result<rule_set> load_rules(const std::string& rules_dir, const std::vector<std::string>& add_rules,
                            const std::vector<std::string>& policies) {
  if (rules_dir.empty() && add_rules.empty() && policies.empty()) return rule_set::bundled();
  auto files = rule_files(rules_dir);
  if (!files) return std::move(files).take_diagnostics();
  auto added = module_files(add_rules);
  if (!added) return std::move(added).take_diagnostics();
  std::vector<source_file> overlays;
  std::vector<diagnostic> ds;
  for (const std::string& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
  }
  if (has_errors(ds)) return ds;
  if (add_rules.empty()) return rule_set::load(*files, overlays);
  return rule_set::load(*files, *added, overlays);
}

result<incident> load_incident(const std::string& path, const rule_set& rules) {
  auto file = read_source_file(path);
  if (!file) return std::move(file).take_diagnostics();
  return parse_incident(*file, rules.schema());
}

instant now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

result<instant> as_of_time(const std::optional<std::string>& text, const zone& z, instant clock) {
  if (!text) return clock;
  if (text->empty()) {
    return make_error("cli.as-of", option_origin("--as-of"),
                      "--as-of is empty: give a TIME, or leave the option out to assess at the current time");
  }
  return parse_time(*text, z, choose::reject, option_origin("--as-of"));
}

void add_output_option(CLI::App* cmd, std::string& path) {
  cmd->add_option("-o,--output", path, "Write the result to FILE (complete, or not at all) instead of stdout")
      ->type_name("FILE");
}

namespace {

// Writes all of `text` to `fd`; false (with errno set) when any of it could not be written.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool write_file_atomically(const std::string& text, const std::string& path, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  // A link is written through: the file it leads to is replaced, not the link.
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    target = fs::canonical(target, ec);
    if (ec) {
      print_error("cannot write '" + path + "': the link leads nowhere (" + ec.message() + ")");
      return false;
    }
  }
  const fs::file_status st = fs::status(target, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    // Renaming over a device or a pipe would replace it: write to those through stdout instead.
    print_error("cannot write '" + path + "': it is " + (fs::is_directory(st) ? "a folder" : "not a regular file") +
                " (to write to a device or a pipe, leave out -o and redirect the standard output)");
    return false;
  }
  for (const std::string& input : inputs) {
    std::error_code same;
    if (fs::exists(st) && fs::equivalent(input, target, same)) {
      print_error("cannot write '" + path + "': it is the input '" + input + "', which the result would replace");
      return false;
    }
  }
  struct stat existing {};
  const bool replaces = fs::exists(st) && ::stat(target.c_str(), &existing) == 0;
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (folder / ("." + target.filename().string() + ".breachclock-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    print_error("cannot write '" + path + "': cannot create a file in '" + folder.generic_string() +
                "': " + std::strerror(errno));
    return false;
  }
  // A file replaced keeps its permissions and owner; a new one gets an ordinary file's (mkstemp
  // makes it private to the owner).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  const mode_t mode = replaces ? (existing.st_mode & 07777) : (0666 & ~mask);
  bool ok = ::fchmod(fd, mode) == 0;
  if (ok && replaces && ::geteuid() == 0 && (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid())) {
    ok = ::fchown(fd, existing.st_uid, existing.st_gid) == 0;
  }
  ok = ok && write_all(fd, text) && ::fsync(fd) == 0;
  const int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (ok && ::rename(temp.c_str(), target.c_str()) == 0) return true;
  const int why = ok ? errno : saved;
  ::unlink(temp.c_str());
  print_error("cannot write '" + path + "': " + std::strerror(why) + " (the file was left as it was)");
  return false;
}

}  // namespace

bool write_output(const std::string& text, const std::string& path, const std::vector<std::string>& inputs) {
  if (!path.empty()) return write_file_atomically(text, path, inputs);
  std::cout << text;
  std::cout.flush();
  if (!std::cout) {
    print_error("cannot write the result to standard output (" + std::to_string(text.size()) +
                " bytes): the output is incomplete");
    return false;
  }
  return true;
}

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && isatty(STDOUT_FILENO) != 0;
}

result<holiday_calendar> load_calendar(const std::string& id, const std::string& rules_dir,
                                       const source_location& origin, const std::vector<std::string>& add_rules) {
  auto read = rule_files(rules_dir, add_rules);
  if (!read) return std::move(read).take_diagnostics();
  const std::vector<source_file> files = std::move(*read);
  std::vector<std::string> known;
  // calendars/<id>.toml, or <module>/calendars/<id>.toml.
  const auto named = [&id](const source_file& f) {
    std::string_view rel = f.relative;
    if (const auto slash = rel.find('/'); slash != std::string_view::npos && !rel.starts_with("calendars/"))
      rel.remove_prefix(slash + 1);
    return rel == "calendars/" + id + ".toml" || rel == "calendars/" + id + ".json";
  };
  if (std::count_if(files.begin(), files.end(), named) > 1) {
    // As rule_set::load: which of the two holds would be a guess.
    const auto second = std::find_if(std::find_if(files.begin(), files.end(), named) + 1, files.end(), named);
    return make_error("rules.duplicate-calendar", source_location{second->path, 1, 1},
                      "calendar '" + id + "' is written twice (as calendars/" + id + ".json and .toml): keep one");
  }
  for (const source_file& f : files) {
    if (named(f)) {
      // The checks rule_set::load makes of a calendar: parse_calendar's (a working day and a
      // day that is not a holiday in every year), and an id that matches the file name.
      auto c = parse_calendar(f.text, f.path);
      // As the library quotes ids: at most 60 characters, control characters escaped.
      auto detail_excerpt = [](const std::string& s) {
        std::string out;
        std::size_t i = 0;
        for (; i < s.size() && out.size() < 60; ++i) {
          const auto ch = static_cast<unsigned char>(s[i]);
          if (ch < 0x20 || ch == 0x7f)
            out += "\\x" + std::string(1, "0123456789abcdef"[ch >> 4]) + "0123456789abcdef"[ch & 15];
          else out += s[i];
        }
        return i < s.size() ? out + "..." : out;
      };
      if (c && c->id() != id) {
        return make_error("rules.calendar-id", source_location{f.path, 1, 1},
                          "calendar id '" + detail_excerpt(c->id()) + "' must match its file name '" +
                              detail_excerpt(f.relative.substr(f.relative.rfind('/') + 1)) + "'");
      }
      return c;
    }
    std::string_view rel = f.relative;
    if (const auto slash = rel.find('/'); slash != std::string_view::npos && !rel.starts_with("calendars/"))
      rel.remove_prefix(slash + 1);
    if (rel.starts_with("calendars/") && rel.size() > 15 && rel.find('/', 10) == std::string_view::npos) {
      known.emplace_back(rel.substr(10, rel.size() - 15));
    }
  }
  std::sort(known.begin(), known.end());
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return make_error("calendar.unknown", origin,
                    "unknown calendar '" + id + "' (the calendars are: " + (list.empty() ? "none" : list) + ")");
}

result<std::vector<std::string>> incident_paths(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::vector<diagnostic> ds;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      auto found = list_files(in, {".json", ".toml"}, k_max_incidents);
      if (!found) {
        ds.insert(ds.end(), found.diagnostics().begin(), found.diagnostics().end());
        continue;
      }
      for (const fs::path& p : *found) out.push_back(p.generic_string());
    } else {
      out.push_back(in);  // read (or refused, with its reason) as the incidents are loaded
    }
  }
  if (has_errors(ds)) return ds;
  return out;
}

#ifndef BREACHCLOCK_HAVE_SERVE
// A build without cpp-httplib: `serve` is there, and says why it cannot serve.
void setup_serve(CLI::App& app, exit_code& status) {
  CLI::App* cmd = app.add_subcommand("serve",
                                     "Serve the JSON API and the first-hours page over HTTP (not in this build)");
  cmd->allow_extras();
  cmd->callback([&status] {
    print_error("this breachclock was built without the HTTP service (BREACHCLOCK_SERVE=OFF: no cpp-httplib)");
    status = exit_code::bad_input;
  });
}
#endif

}  // namespace breachclock::cli
