#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "breachclock/citation.hpp"
#include "breachclock/source_file.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const char* name) {
  const fs::path dir = fs::temp_directory_path() / ("breachclock-test-" + std::string(name));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("read_directory reads every .toml file below, sorted, with relative paths", "[base]") {
  const fs::path dir = scratch("read-dir");
  write(dir / "b.toml", "b = 1\n");
  write(dir / "a" / "z.toml", "z = 1\n");
  write(dir / "a" / "notes.md", "not toml");
  auto files = read_directory(dir);
  REQUIRE(files);
  REQUIRE(files->size() == 2);
  CHECK((*files)[0].relative == "a/z.toml");
  CHECK((*files)[1].relative == "b.toml");
  CHECK((*files)[1].text == "b = 1\n");
  CHECK((*files)[1].path == (dir / "b.toml").generic_string());
  fs::remove_all(dir);
}

TEST_CASE("missing folders and files give a located error", "[base]") {
  auto none = read_directory("/nonexistent/breachclock");
  REQUIRE_FALSE(none);
  CHECK(test::first_error(none) == "/nonexistent/breachclock: error: is not a folder");
  auto file = read_source_file("/nonexistent/x.toml");
  REQUIRE_FALSE(file);
  CHECK(test::first_error(file).rfind("/nonexistent/x.toml: error: cannot read", 0) == 0);
}

TEST_CASE("files over 4 MiB are refused before they are read", "[base]") {
  const fs::path dir = scratch("big");
  write(dir / "big.toml", std::string(4 * 1024 * 1024 + 1, '#'));
  auto r = read_source_file(dir / "big.toml");
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().code == "file.too-large");
  fs::remove_all(dir);
}

TEST_CASE("the bundled rule files are in the library", "[base]") {
  const auto& files = bundled_rule_files();
  REQUIRE_FALSE(files.empty());
  bool found = false;
  for (const source_file& f : files) {
    CHECK(f.path == "<bundled>/" + f.relative);
    if (f.relative == "calendars/gb-eaw.toml") found = f.text.find("id = \"gb-eaw\"") != std::string::npos;
  }
  CHECK(found);
  CHECK(std::is_sorted(files.begin(), files.end(),
                       [](const source_file& a, const source_file& b) { return a.relative < b.relative; }));
}

TEST_CASE("confidence marks parse and print", "[base]") {
  CHECK(parse_confidence("secondary") == confidence::secondary);
  CHECK_FALSE(parse_confidence("probably"));
  CHECK(std::string(to_string(confidence::unconfirmed)) == "unconfirmed");
}
