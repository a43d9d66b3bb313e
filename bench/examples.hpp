// The example incidents the benchmarks assess: examples/incidents and every module's
// rules/<module>/examples, in path order (the directory order is not fixed).
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

inline std::vector<std::filesystem::path> example_paths() {
  const std::filesystem::path root(BREACHCLOCK_SOURCE_DIR);
  std::vector<std::filesystem::path> folders{root / "examples" / "incidents"};
  for (const auto& module : std::filesystem::directory_iterator(root / "rules")) {
    if (std::filesystem::exists(module.path() / "module.toml") &&
        std::filesystem::is_directory(module.path() / "examples"))
      folders.push_back(module.path() / "examples");
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& folder : folders) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// The example with this file name ("cwu-2024.toml"), wherever it is.
inline std::filesystem::path example_path(std::string_view name) {
  for (const auto& p : example_paths()) {
    if (p.filename() == name) return p;
  }
  return std::filesystem::path(BREACHCLOCK_SOURCE_DIR) / "examples" / "incidents" / name;
}

}  // namespace bench
