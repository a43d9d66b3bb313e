#include "breachclock/source_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "detail/document.hpp"

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
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int why = errno;
    return make_error("file.read", source_location{shown, 0, 0},
                      std::string("cannot open the file") + (why != 0 ? std::string(": ") + std::strerror(why) : ""));
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error("file.read", source_location{shown, 0, 0}, "error while reading the file");
  return source_file{shown, std::move(text), shown};
}

namespace {

diagnostic read_error(const fs::path& p, std::string message) {
  return make_error("file.read", source_location{p.generic_string(), 0, 0}, std::move(message));
}

bool has_extension(const fs::path& p, const std::vector<std::string>& extensions) {
  const std::string e = p.extension().string();
  return std::find(extensions.begin(), extensions.end(), e) != extensions.end();
}

std::string extension_list(const std::vector<std::string>& extensions) {
  std::string out;
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == extensions.size() ? " or " : ", ") + ("*" + extensions[i]);
  }
  return out;
}

// The entries of one folder, sorted by name, so that listing (and its messages) never depend on
// the order the file system returns.
result<std::vector<fs::directory_entry>> folder_entries(const fs::path& folder) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  std::vector<fs::directory_entry> entries;
  const fs::directory_iterator end;
  while (!ec && it != end) {
    entries.push_back(*it);
    it.increment(ec);
  }
  if (ec) return read_error(folder, "cannot list the folder: " + ec.message());
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return entries;
}

}  // namespace

result<std::vector<fs::path>> list_files(const fs::path& dir, const std::vector<std::string>& extensions,
                                         std::size_t max_files) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (ec == std::errc::no_such_file_or_directory) return read_error(dir, "no such folder");
    return read_error(dir, ec ? "cannot read: " + ec.message() : "is not a folder");
  }
  std::vector<fs::path> found;
  std::vector<diagnostic> ds;
  // The folders listed, by canonical path, with the path shown for each: a folder reached twice
  // (through a link) is refused.
  std::map<fs::path, fs::path> listed;
  listed.emplace(fs::canonical(dir, ec), dir);
  if (ec) return read_error(dir, "cannot read: " + ec.message());
  std::vector<fs::path> pending{dir};  // depth first, in name order
  while (!pending.empty()) {
    const fs::path folder = std::move(pending.back());
    pending.pop_back();
    auto entries = folder_entries(folder);
    if (!entries) {
      ds.insert(ds.end(), entries.diagnostics().begin(), entries.diagnostics().end());
      continue;
    }
    std::vector<fs::path> subfolders;
    for (const fs::directory_entry& entry : *entries) {
      const fs::path& p = entry.path();
      const bool wanted = has_extension(p, extensions);
      fs::file_status st = entry.symlink_status(ec);
      if (ec) {
        ds.push_back(read_error(p, "cannot read: " + ec.message()));
        ec.clear();
        continue;
      }
      if (fs::is_symlink(st)) {
        st = fs::status(p, ec);
        if (ec) {
          if (ec == std::errc::too_many_symbolic_link_levels) {
            ds.push_back(read_error(p, "the link loops (it leads back to itself)"));
          } else if (ec == std::errc::no_such_file_or_directory) {
            std::error_code ignored;
            ds.push_back(read_error(p, "the link is dangling: '" + fs::read_symlink(p, ignored).generic_string() +
                                           "' does not exist"));
          } else {
            ds.push_back(read_error(p, "cannot follow the link: " + ec.message()));
          }
          ec.clear();
          continue;
        }
      }
      if (fs::is_directory(st)) {
        const fs::path real = fs::canonical(p, ec);
        if (ec) {
          ds.push_back(read_error(p, "cannot read: " + ec.message()));
          ec.clear();
        } else if (auto [at, added] = listed.emplace(real, p); !added) {
          ds.push_back(read_error(p, "leads to the folder '" + at->second.generic_string() +
                                         "', which is listed already (a link loops, or two lead to one folder)"));
        } else {
          subfolders.push_back(p);
        }
        continue;
      }
      if (!wanted) continue;
      if (!fs::is_regular_file(st)) {
        ds.push_back(read_error(p, "is not a regular file"));
        continue;
      }
      if (found.size() == max_files) {
        return make_error("limit.files", source_location{dir.generic_string(), 0, 0},
                          "the folder holds more than " + std::to_string(max_files) + " " + extension_list(extensions) +
                              " files; the limit is " + std::to_string(max_files));
      }
      found.push_back(p);
    }
    pending.insert(pending.end(), subfolders.rbegin(), subfolders.rend());
  }
  if (has_errors(ds)) {
    sort_by_location(ds);
    return ds;
  }
  if (found.empty()) return read_error(dir, "the folder has no " + extension_list(extensions) + " files");
  std::sort(found.begin(), found.end());
  return found;
}

result<std::vector<source_file>> read_directory(const fs::path& dir) {
  auto paths = list_files(dir, {".json", ".toml"}, k_max_directory_files);
  if (!paths) return std::move(paths).take_diagnostics();
  std::uintmax_t total = 0;
  for (const fs::path& p : *paths) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(p, ec);
    if (ec) return read_error(p, "cannot read: " + ec.message());
    total += size;
    if (total > k_max_directory_bytes) {
      return make_error("limit.bytes", source_location{dir.generic_string(), 0, 0},
                        "the folder's *.json and *.toml files hold more than " + std::to_string(k_max_directory_bytes) +
                            " bytes together; the limit is " + std::to_string(k_max_directory_bytes) + " bytes");
    }
  }
  std::vector<source_file> files;
  std::vector<diagnostic> ds;
  for (const fs::path& p : *paths) {
    auto f = read_source_file(p);
    if (!f) {
      ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
      continue;
    }
    f->relative = p.lexically_relative(dir).generic_string();
    files.push_back(std::move(*f));
  }
  if (has_errors(ds)) return ds;
  return files;
}

result<std::vector<source_file>> read_module_folder(const fs::path& dir) {
  auto files = read_directory(dir);
  if (!files) return std::move(files).take_diagnostics();
  std::error_code ec;
  if (!fs::is_regular_file(dir / "module.toml", ec) && !fs::is_regular_file(dir / "module.json", ec))
    return files;  // a folder of modules (or not: the loader says)
  fs::path name = fs::absolute(dir, ec).lexically_normal();
  if (name.filename().empty()) name = name.parent_path();
  const std::string folder = name.filename().generic_string();
  for (source_file& f : *files) f.relative = folder + "/" + f.relative;
  return files;
}

}  // namespace breachclock
