// Runs a fuzz target over files, as libFuzzer would run them, without libFuzzer: every build
// (GCC, ASan + UBSan) replays the seed corpora and the regressions this way.
//
//   fuzz_replay <target> <file or folder>...
//
// Exit 0 when every input returned normally; 1 (naming the input) on an uncaught exception;
// a sanitizer stops the program by itself on anything worse.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: fuzz_replay <target> <file or folder>...\n";
    return 2;
  }
  const std::string name = argv[1];
  const auto* target = std::find_if(std::begin(breachclock::fuzz::k_targets), std::end(breachclock::fuzz::k_targets),
                                    [&](const auto& t) { return name == t.name; });
  if (target == std::end(breachclock::fuzz::k_targets)) {
    std::cerr << "fuzz_replay: no target '" << name << "'\n";
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && e.path().filename() != "README.md") inputs.push_back(e.path());
      }
    } else if (fs::is_regular_file(p)) {
      inputs.push_back(p);
    } else {
      std::cerr << "fuzz_replay: no file or folder " << p << '\n';
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      target->run(bytes);
    } catch (const std::exception& e) {
      std::cerr << "fuzz_replay: " << name << ": " << p.string() << ": uncaught exception: " << e.what() << '\n';
      return 1;
    } catch (...) {
      std::cerr << "fuzz_replay: " << name << ": " << p.string() << ": uncaught exception\n";
      return 1;
    }
  }
  std::cout << "fuzz_replay: " << name << ": " << inputs.size() << " inputs, all returned normally\n";
  return inputs.empty() ? 1 : 0;
}
