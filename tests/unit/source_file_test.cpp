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
  CHECK(test::first_error(none) == "/nonexistent/breachclock: error: no such folder");
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
    if (f.relative == "uk/calendars/gb-eaw.toml") found = f.text.find("id = \"gb-eaw\"") != std::string::npos;
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

TEST_CASE("nothing below a folder is skipped in silence", "[base]") {
  const fs::path dir = scratch("fail-closed");
  write(dir / "a.toml", "a = 1\n");
  write(dir / "notes.md", "not read");
  fs::create_symlink("missing.toml", dir / "dangling.toml");
  fs::create_symlink("self.toml", dir / "self.toml");
  fs::create_symlink("missing.md", dir / "gone.md");  // not a rule file, but it could lead to a folder
  fs::create_directories(dir / "sub");
  fs::create_directory_symlink("..", dir / "sub" / "up");
  auto r = read_directory(dir);
  REQUIRE_FALSE(r);
  const std::string d = dir.generic_string();
  CHECK(test::messages(r.diagnostics()) ==
        std::vector<std::string>{d + "/dangling.toml: error: the link is dangling: 'missing.toml' does not exist",
                                 d + "/gone.md: error: the link is dangling: 'missing.md' does not exist",
                                 d + "/self.toml: error: the link loops (it leads back to itself)",
                                 d + "/sub/up: error: leads to the folder '" + d +
                                     "', which is listed already (a link loops, or two lead to one folder)"});
  fs::remove_all(dir);
}

TEST_CASE("links to files and folders are followed; two roads to one folder are refused", "[base]") {
  const fs::path dir = scratch("links");
  const fs::path other = scratch("links-target");
  write(other / "x.toml", "x = 1\n");
  write(dir / "a.toml", "a = 1\n");
  fs::create_directory_symlink(other, dir / "linked");
  fs::create_symlink(other / "x.toml", dir / "y.toml");
  auto r = read_directory(dir);
  REQUIRE(r);
  REQUIRE(r->size() == 3);
  CHECK((*r)[1].relative == "linked/x.toml");
  CHECK((*r)[2].relative == "y.toml");
  fs::create_directory_symlink(other, dir / "again");
  auto twice = read_directory(dir);
  REQUIRE_FALSE(twice);
  CHECK(twice.diagnostics().front().message.find("which is listed already") != std::string::npos);
  fs::remove_all(dir);
  fs::remove_all(other);
}

TEST_CASE("an empty folder, and a folder past the limits, are refused before anything is read", "[base][limits]") {
  const fs::path dir = scratch("empty");
  write(dir / "readme.md", "no toml");
  auto empty = read_directory(dir);
  REQUIRE_FALSE(empty);
  CHECK(test::first_error(empty) == dir.generic_string() + ": error: the folder has no *.json or *.toml files");
  auto either = list_files(dir, {".json", ".toml"}, 10);
  REQUIRE_FALSE(either);
  CHECK(test::first_error(either) == dir.generic_string() + ": error: the folder has no *.json or *.toml files");
  // The file limit is found while listing.
  for (std::size_t i = 0; i <= k_max_directory_files; ++i) write(dir / ("f" + std::to_string(i) + ".toml"), "");
  auto many = read_directory(dir);
  REQUIRE_FALSE(many);
  CHECK(many.diagnostics().front().code == "limit.files");
  fs::remove_all(dir);
  // The byte limit, from the sizes listed (sparse files: nothing is written or read).
  const fs::path big = scratch("big-folder");
  for (int i = 0; i < 17; ++i) {
    write(big / ("f" + std::to_string(i) + ".toml"), "");
    fs::resize_file(big / ("f" + std::to_string(i) + ".toml"), 4 * 1024 * 1024);
  }
  auto bytes = read_directory(big);
  REQUIRE_FALSE(bytes);
  CHECK(bytes.diagnostics().front().code == "limit.bytes");
  fs::remove_all(big);
}
