// breachclock/source_file.hpp: the text files rules, calendars and incidents are loaded from.
//
// Loaders take `source_file` values (a path for messages, and the text), so that a rule set can
// come from a folder, from memory, or from the copy bundled into the library at build time.
//
//   auto files = read_directory("rules");          // every *.toml below, sorted by path
//   for (const source_file& f : bundled_rule_files()) std::cout << f.path << '\n';
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"

namespace breachclock {

struct source_file {
  std::string path;      // as shown in messages: a path the user can open, or "<bundled>/..."
  std::string text;
  std::string relative;  // relative to the folder it was read from ("uk/uk-gdpr.toml"), or = path
};

// Reads one file. Fails with a located message when it cannot be read or is larger than
// 4 MiB (the limit of every input the library reads).
result<source_file> read_source_file(const std::filesystem::path& path);

// Reads every `*.toml` file below `dir`, sorted by relative path. Each file's `path` is `dir`
// joined with the relative path, with '/' separators, so that messages name a file the user
// can open. Fails when the folder is missing or any file cannot be read.
result<std::vector<source_file>> read_directory(const std::filesystem::path& dir);

// The rule files bundled into the library at build time: the project's `rules/` folder.
// `relative` is relative to it ("calendars/gb-eaw.toml"); `path` is "<bundled>/" + relative.
const std::vector<source_file>& bundled_rule_files();

}  // namespace breachclock
