// The CLI's spool: a command's whole output, written as it is made, that becomes the output
// only once complete (breachclock diff, breachclock assess of a batch).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "cli.hpp"

namespace breachclock::cli {

// Where the report goes while it is written: a temporary file beside -o FILE (renamed over it
// once complete, with the checks and the permissions of write_output), or, for the standard
// output, an unlinked temporary file in $TMPDIR (copied out once complete). Removed on every
// path that does not commit it.
class spool {
 public:
  spool() = default;
  spool(const spool&) = delete;
  spool& operator=(const spool&) = delete;
  ~spool() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }

  // Opens the spool; false after printing why.
  bool open(const std::string& path) {
    path_ = path;
    if (path.empty()) {
      if (::fcntl(STDOUT_FILENO, F_GETFD) < 0) {  // closed: the spool would take its place
        print_error("cannot write the result to standard output: it is closed");
        return false;
      }
      const char* dir = std::getenv("TMPDIR");
      std::string temp = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/breachclock-XXXXXX";
      fd_ = ::mkstemp(temp.data());
      if (fd_ < 0) return failed("cannot create a temporary file '" + temp + "'", errno);
      ::unlink(temp.c_str());  // nothing is left behind, whatever happens
      return above_standard_streams();
    }
    target_ = path;
    std::error_code ec;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(target_, ec))) {  // a link is written through
      target_ = std::filesystem::canonical(target_, ec);
      if (ec) return refused("the link leads nowhere (" + ec.message() + ")");
    }
    const std::filesystem::file_status st = std::filesystem::status(target_, ec);
    if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
      return refused(std::string("it is ") + (std::filesystem::is_directory(st) ? "a folder" : "not a regular file") +
                     " (to write to a device or a pipe, leave out -o and redirect the standard output)");
    }
    if (std::filesystem::exists(st) && ::stat(target_.c_str(), &existing_) == 0) replaces_ = true;
    const std::filesystem::path folder = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
    std::string temp = (folder / ("." + target_.filename().string() + ".breachclock-XXXXXX")).string();
    fd_ = ::mkstemp(temp.data());
    if (fd_ < 0) return refused("cannot create a file in '" + folder.generic_string() + "': " + std::strerror(errno));
    temp_ = temp;
    return above_standard_streams();
  }

  // True when `path` is the file -o would replace (an input must not become the report).
  bool is_target(const std::string& path) const {
    struct stat s {};
    return replaces_ && ::stat(path.c_str(), &s) == 0 && s.st_dev == existing_.st_dev && s.st_ino == existing_.st_ino;
  }
  void refuse_input(const std::string& input) {
    refused("it is the input '" + input + "', which the result would replace");
  }

  // Appends to the spool (buffered); false after printing why.
  [[nodiscard]] bool write(std::string_view text) {
    buffer_ += text;
    return buffer_.size() < k_buffer || flush();
  }

  // Makes the spool the output; false after printing why.
  [[nodiscard]] bool commit() {
    if (!flush()) return false;
    if (path_.empty()) return copy_to_stdout();
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const mode_t mode = replaces_ ? (existing_.st_mode & 07777) : (0666 & ~mask);
    bool ok = ::fchmod(fd_, mode) == 0;
    if (ok && replaces_ && ::geteuid() == 0 && (existing_.st_uid != ::geteuid() || existing_.st_gid != ::getegid()))
      ok = ::fchown(fd_, existing_.st_uid, existing_.st_gid) == 0;
    ok = ok && ::fsync(fd_) == 0;
    const int saved = errno;
    ok = (::close(fd_) == 0) && ok;
    fd_ = -1;
    if (!ok) return failed("", saved);
    if (::rename(temp_.c_str(), target_.c_str()) != 0) return failed("", errno);
    temp_.clear();
    return true;
  }

 private:
  static constexpr std::size_t k_buffer = std::size_t{1} << 20;

  // Moves the spool off descriptors 0 to 2 (free when a standard stream was closed), so that
  // nothing written to one of those reaches it.
  bool above_standard_streams() {
    if (fd_ > STDERR_FILENO) return true;
    const int moved = ::fcntl(fd_, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    const int why = errno;
    ::close(fd_);
    fd_ = moved;
    return moved >= 0 || failed("cannot move the temporary file's descriptor", why);
  }

  bool flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return failed(path_.empty() ? "cannot spool it to a temporary file" : "", errno);
      done += static_cast<std::size_t>(n);
    }
    written_ += buffer_.size();
    buffer_.clear();
    return true;
  }

  bool copy_to_stdout() const {
    std::cout.flush();
    std::string chunk(k_buffer, '\0');
    bool ok = ::lseek(fd_, 0, SEEK_SET) == 0;
    while (ok) {
      const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = n == 0;
        break;
      }
      for (ssize_t done = 0; ok && done < n;) {
        const ssize_t w = ::write(STDOUT_FILENO, chunk.data() + done, static_cast<std::size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        ok = w > 0;
        done += ok ? w : 0;
      }
    }
    if (!ok) {
      print_error("cannot write the result to standard output (" + std::to_string(written_) +
                  " bytes): the output is incomplete");
    }
    return ok;
  }

  bool refused(const std::string& why) {
    print_error("cannot write '" + path_ + "': " + why);
    return false;
  }
  bool failed(const std::string& what, int error) {
    if (path_.empty()) print_error("cannot write the result: " + what + ": " + std::strerror(error));
    else print_error("cannot write '" + path_ + "': " + std::strerror(error) + " (the file was left as it was)");
    return false;
  }

  std::string path_;
  std::filesystem::path target_;
  std::string temp_;  // the named temporary beside -o FILE, until renamed
  int fd_ = -1;
  bool replaces_ = false;
  struct stat existing_ {};
  std::string buffer_;
  std::size_t written_ = 0;
};

}  // namespace breachclock::cli
