#include "breachclock/source_file.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "detail/toml_support.hpp"

namespace breachclock {

namespace fs = std::filesystem;

result<source_file> read_source_file(const fs::path& path) {
  const std::string shown = path.generic_string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return make_error("file.read", source_location{shown, 0, 0}, "is a folder, not a file");
  }
  const auto size = fs::file_size(path, ec);
  if (ec) {
    return make_error("file.read", source_location{shown, 0, 0}, "cannot read: " + ec.message());
  }
  if (size > detail::k_max_file_bytes) {
    return make_error("file.too-large", source_location{shown, 1, 1},
                      "file is " + std::to_string(size) + " bytes; the limit is " +
                          std::to_string(detail::k_max_file_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("file.read", source_location{shown, 0, 0}, "cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error("file.read", source_location{shown, 0, 0}, "error while reading the file");
  return source_file{shown, std::move(text), shown};
}

result<std::vector<source_file>> read_directory(const fs::path& dir) {
  const std::string shown = dir.generic_string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error("file.read", source_location{shown, 0, 0}, "is not a folder");
  }
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".toml") paths.push_back(it->path());
  }
  if (ec) return make_error("file.read", source_location{shown, 0, 0}, "cannot list the folder: " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<source_file> files;
  std::vector<diagnostic> ds;
  for (const fs::path& p : paths) {
    auto f = read_source_file(p);
    if (f) f->relative = p.lexically_relative(dir).generic_string();
    if (!f) {
      for (const diagnostic& d : f.diagnostics()) ds.push_back(d);
      continue;
    }
    files.push_back(std::move(*f));
  }
  if (has_errors(ds)) return ds;
  return files;
}

}  // namespace breachclock
