// Private to the report layer: a JSON writer that appends straight to a std::string.
//
// It writes what nlohmann::json's dump() wrote for the same tree, byte for byte: indented by two
// spaces (`"key": value`, one element a line, `{}` and `[]` when empty) or compact (no space or
// newline at all), strings escaped as dump() escapes them with ensure_ascii off (`\"`, `\\`, `\b`,
// `\f`, `\n`, `\r`, `\t`, other controls below 0x20 as `\u00xx` in lowercase hex, everything
// else as it is, DEL and non-ASCII included), and text that is not valid UTF-8 replaced as
// dump() replaces it with error_handler_t::replace: each maximal ill-formed subpart (a bad lead
// byte, or a sequence cut short by a byte that cannot continue it, that byte then read again,
// or cut short by the end) becomes one U+FFFD. The report tests compare both, byte for byte, on
// hostile strings and on every example incident.
//
//   std::string out;
//   json_writer w(out, json_writer::layout::indented);
//   w.begin_object();
//   w.key("id"); w.string("x");
//   w.end_object();   // {\n  "id": "x"\n}
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace breachclock::detail {

// Appends `s` to `out` as a JSON string, quotes included (see above).
void append_json_string(std::string& out, std::string_view s);

class json_writer {
 public:
  enum class layout : unsigned char { indented, compact };

  json_writer(std::string& out, layout l) : out_(out), indented_(l == layout::indented) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The key of the next value, in an object.
  void key(std::string_view k) {
    separate();
    // Most keys are short and plain (the fields' names): quoted in one append.
    bool plain = k.size() <= 32;
    for (std::size_t i = 0; plain && i < k.size(); ++i) {
      const auto c = static_cast<unsigned char>(k[i]);
      plain = c >= 0x20 && c != '"' && c != '\\' && c < 0x80;
    }
    if (plain) {
      out_.push_back('"');
      out_.append(k);
      out_.append(indented_ ? "\": " : "\":", indented_ ? 3 : 2);
    } else {
      append_json_string(out_, k);
      out_.append(indented_ ? ": " : ":", indented_ ? 2 : 1);
    }
    after_key_ = true;
  }

  void string(std::string_view s) {
    separate();
    append_json_string(out_, s);
  }
  void boolean(bool b) {
    separate();
    if (b) out_.append("true", 4);
    else out_.append("false", 5);
  }
  void number(std::int64_t n) {
    separate();
    std::array<char, 24> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
    out_.append(buf.data(), r.ptr);
  }
  void null() {
    separate();
    out_.append("null", 4);
  }
  // Any range of strings: std::vector<std::string>, a name_list of views.
  template <class Strings>
  void strings(const Strings& v) {
    begin_array();
    for (std::string_view s : v) string(s);
    end_array();
  }

  // Key and value at once.
  void field(std::string_view k, std::string_view s) {
    key(k);
    string(s);
  }
  void field_bool(std::string_view k, bool b) {
    key(k);
    boolean(b);
  }
  void field_null(std::string_view k) {
    key(k);
    null();
  }
  // The string when `present`, else null.
  void field_or_null(std::string_view k, bool present, std::string_view s) {
    key(k);
    if (present) string(s);
    else null();
  }
  template <class Strings>
  void field_strings(std::string_view k, const Strings& v) {
    key(k);
    strings(v);
  }

 private:
  static constexpr std::size_t k_max_depth = 32;

  // Before a value or a key: the comma and the line break that separate it from the one before.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (filled_[depth_]) out_.push_back(',');
    filled_[depth_] = true;
    if (indented_) newline(depth_);
  }
  void open(char c) {
    separate();
    out_.push_back(c);
    ++depth_;  // the documents written here are a few levels deep: k_max_depth is far off
    filled_[depth_] = false;
  }
  void close(char c) {
    if (filled_[depth_] && indented_) newline(depth_ - 1);
    --depth_;
    out_.push_back(c);
  }
  void newline(std::size_t depth) {
    out_.push_back('\n');
    out_.append(2 * depth, ' ');
  }

  std::string& out_;
  bool indented_;
  bool after_key_ = false;
  std::size_t depth_ = 0;
  std::array<bool, k_max_depth> filled_{};
};

}  // namespace breachclock::detail
