// breachclock_gen_modules COUNT DIR [--flat]: writes the synthetic modules of the scale benchmark
// (module_gen.hpp; benchmark data, not law) to DIR, one folder per module, for
// `breachclock ... --add-rules DIR`. With --flat, writes instead a rule folder of the layout
// before modules: the bundled rules with the modules' facts appended to facts.toml, their
// calendars in calendars/ and their packs in <id>/ (for a loader that does not read modules;
// the figures of docs/performance.md "Modules at scale" were taken so). --flat copies the
// bundled rules as they are: it is meaningful only while they have one facts.toml.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "breachclock/source_file.hpp"
#include "module_gen.hpp"

namespace fs = std::filesystem;

namespace {

bool write(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) std::cerr << "breachclock_gen_modules: cannot write " << path << '\n';
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  const std::string_view n = argc >= 3 ? argv[1] : "";
  const bool flat = argc == 4 && std::string_view(argv[3]) == "--flat";
  if ((argc != 3 && !flat) || std::from_chars(n.data(), n.data() + n.size(), count).ec != std::errc{} ||
      count > bench::k_codes.size()) {
    std::cerr << "usage: breachclock_gen_modules COUNT DIR [--flat]   (COUNT at most " << bench::k_codes.size()
              << ")\n";
    return 2;
  }
  const fs::path dir = argv[2];
  bool ok = true;
  if (!flat) {
    for (const breachclock::source_file& f : bench::synthetic_modules(count))
      ok = write(dir / f.relative, f.text) && ok;
    return ok ? 0 : 1;
  }
  std::string facts;
  for (const breachclock::source_file& f : breachclock::bundled_rule_files()) {
    if (f.relative == "facts.toml") facts = f.text;
    else ok = write(dir / f.relative, f.text) && ok;
  }
  for (const breachclock::source_file& f : bench::synthetic_modules(count)) {
    const std::string id = f.relative.substr(0, f.relative.find('/'));
    const std::string rest = f.relative.substr(id.size() + 1);
    if (rest == "module.toml") continue;
    if (rest == "facts.toml") facts += "\n" + f.text;
    else if (rest.rfind("calendars/", 0) == 0) ok = write(dir / rest, f.text) && ok;
    else ok = write(dir / f.relative, f.text) && ok;
  }
  return write(dir / "facts.toml", facts) && ok ? 0 : 1;
}
