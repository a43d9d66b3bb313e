// breachclock/source_file.hpp: the text files rules, calendars and incidents are loaded from.
//
// Loaders take `source_file` values (a path for messages, and the text), so that a rule set can
// come from a folder, from memory, or from the copy bundled into the library at build time.
//
//   auto files = read_directory("rules");          // every *.toml and *.json below, sorted
//   for (const source_file& f : bundled_rule_files()) std::cout << f.path << '\n';
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"

namespace breachclock {

struct source_file {
  std::string path;  // as shown in messages: a path the user can open, or "<bundled>/..."
  std::string text;
  std::string relative;  // relative to the folder it was read from ("uk/uk-gdpr.toml"), or = path
};

// Reads one file. Fails with a located message when it cannot be read or is larger than
// 4 MiB (the limit of every input the library reads).
result<source_file> read_source_file(const std::filesystem::path& path);

// The most files one folder given to the library may hold (rule folders, folders of tests),
// and the most bytes they may add up to. Both are checked while listing, before anything is read.
inline constexpr std::size_t k_max_directory_files = 500;
inline constexpr std::uintmax_t k_max_directory_bytes = std::uintmax_t{64} * 1024 * 1024;

// Lists the files below `dir` whose names end in one of `extensions` (".toml", ".json"),
// sorted, reading none of them. Nothing below is skipped in silence; each of these is an error
// naming its path: a folder that cannot be listed, a link that is dangling or loops (whatever
// its name: it could lead to a folder), an entry with one of the extensions that is not a
// regular file, a folder reached twice through links. Links to
// folders are followed. Fails when `dir` is not a folder, when more than `max_files` are found
// (as soon as the next one is), and when none is found.
result<std::vector<std::filesystem::path>> list_files(const std::filesystem::path& dir,
                                                      const std::vector<std::string>& extensions,
                                                      std::size_t max_files);

// Reads every `*.toml` and `*.json` file below `dir` (listed as list_files does, at most
// k_max_directory_files files of at most k_max_directory_bytes together), sorted by relative
// path. Each file's `path` is `dir` joined with the relative path, with '/' separators, so that
// messages name a file the user can open. Fails when the folder is missing or empty, or any
// file cannot be read: never returns less than the folder holds.
result<std::vector<source_file>> read_directory(const std::filesystem::path& dir);

// Reads a folder of modules to add to a rule set (rule_set::load): a module folder (one that
// holds module.toml), whose files' relative paths then start with the folder's name
// ("my-module/module.toml"), or a folder of modules, read as read_directory reads it.
result<std::vector<source_file>> read_module_folder(const std::filesystem::path& dir);

// The rule files bundled into the library at build time: the project's `rules/` folder.
// `relative` is relative to it ("calendars/gb-eaw.toml"); `path` is "<bundled>/" + relative.
const std::vector<source_file>& bundled_rule_files();

}  // namespace breachclock
