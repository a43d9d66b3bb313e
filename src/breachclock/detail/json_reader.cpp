#include "detail/json_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "detail/document.hpp"  // k_max_file_bytes, the one size limit of every input
#include "detail/text.hpp"

namespace breachclock::detail {

namespace {

constexpr std::string_view k_syntax = "json.syntax";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence starting at `s[i]` (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const unsigned b0 = byte(0);
  if (b0 < 0x80) return 1;
  const auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  if (in(b0, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  const auto put = [&](std::uint32_t b) { out += static_cast<char>(static_cast<unsigned char>(b)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at `s[i]`, or nothing.
std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int d = hex_digit(s[i + k]);
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v;
}

// Text from the input made safe for a message: at most `max_code_points` code points ("..."
// when cut), bytes that are not UTF-8 as \xNN, control characters escaped by excerpt().
std::string display(std::string_view text, std::size_t max_code_points = 20) {
  std::string clean;
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size() && count < max_code_points) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      static constexpr std::string_view digits = "0123456789abcdef";
      const auto b = static_cast<unsigned char>(text[i]);
      clean += "\\x";
      clean += digits[b >> 4];
      clean += digits[b & 0xF];
      ++i;
    } else {
      clean.append(text.substr(i, len));
      i += len;
    }
    ++count;
  }
  std::string out = excerpt(clean, 4 * clean.size());  // room for every byte as \xNN
  if (i < text.size()) out += "...";
  return out;
}

// The bytes a string copies as they are, one at a time: printable ASCII but '"' and '\\'.
constexpr std::array<bool, 256> k_plain = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

bool is_structural(char c) { return c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"'; }
bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A recursive-descent parser whose recursion is bounded by k_max_document_depth. Each parse_*
// function returns false after recording the (first and only) error.
class parser {
 public:
  explicit parser(std::shared_ptr<const doc_source> source)
      : source_(std::move(source)), text_(source_->text), path_(source_->path) {}

  result<doc_value> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
      return make_error(std::string(k_syntax), here(),
                        "invalid JSON: the file starts with a byte order mark; save it as UTF-8 without one");
    }
    skip_whitespace();
    if (at_end()) return make_error(std::string(k_syntax), here(), "invalid JSON: the input is empty");
    doc_value root;
    if (!parse_value(root, 0)) return std::move(*error_);
    skip_whitespace();
    if (!at_end()) {
      unexpected("the end of the input after the top-level value");
      return std::move(*error_);
    }
    return root;
  }

 private:
  std::shared_ptr<const doc_source> source_;
  std::string_view text_;
  const std::string& path_;
  std::size_t pos_ = 0;
  std::size_t values_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::optional<diagnostic> error_;

  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  source_location here() const { return source_location{path_, line_, column_}; }
  doc_point point() const { return doc_point{line_, column_}; }

  // Moves over `n` bytes on the current line that are ASCII or whole UTF-8 sequences.
  void advance(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i, ++pos_) {
      if (!is_continuation(static_cast<unsigned char>(text_[pos_]))) ++column_;
    }
  }

  void skip_whitespace() {
    while (!at_end() && is_whitespace(text_[pos_])) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
      ++pos_;
    }
  }

  bool fail(std::string_view code, source_location where, std::string message) {
    if (!error_) error_ = make_error(std::string(code), std::move(where), std::move(message));
    return false;
  }

  // The token at `at`, for "found '...'": a whole string literal on one line, or the run of
  // characters up to the next whitespace or punctuation (at least one character).
  std::string_view token_at(std::size_t at) const {
    constexpr std::size_t k_scan = 200;
    const std::string_view rest = text_.substr(at, k_scan);
    if (rest.empty()) return rest;
    std::size_t end = 1;
    if (rest[0] == '"') {
      while (end < rest.size() && rest[end] != '"' && rest[end] != '\n') {
        end += rest[end] == '\\' && end + 1 < rest.size() ? 2u : 1u;
      }
      if (end < rest.size() && rest[end] == '"') ++end;
      return rest.substr(0, end);
    }
    if (is_structural(rest[0])) return rest.substr(0, 1);
    while (end < rest.size() && !is_whitespace(rest[end]) && !is_structural(rest[end])) ++end;
    return rest.substr(0, end);
  }

  // Reports that `expected` was expected at the current position, showing what was found.
  bool unexpected(std::string_view expected) {
    const std::string prefix = "invalid JSON: expected " + std::string(expected) + ", found ";
    if (at_end()) return fail(k_syntax, here(), prefix + "the end of the input");
    const char c = text_[pos_];
    if (c == '/' && (peek(1) == '/' || peek(1) == '*')) {
      return fail(k_syntax, here(), "invalid JSON: comments are not allowed");
    }
    std::string message = prefix + "'" + display(token_at(pos_)) + "'";
    if (c == '\'') message += " (JSON strings are written in double quotes)";
    return fail(k_syntax, here(), std::move(message));
  }

  bool parse_value(doc_value& out, std::size_t depth) {
    if (++values_ > k_max_document_values) {
      return fail("limit.values", here(),
                  "the document holds more than " + std::to_string(k_max_document_values) + " values");
    }
    skip_whitespace();
    out.source = source_;
    out.region.begin = point();
    const bool ok = parse_bare_value(out, depth);
    out.region.end = point();
    return ok;
  }

  bool parse_bare_value(doc_value& out, std::size_t depth) {
    switch (peek()) {
      case '{': return parse_object(out, depth);
      case '[': return parse_array(out, depth);
      case '"':
        out.type = doc_value::kind::string;
        out.quoting = string_syntax::json;
        return parse_string(out.string);
      case 't': return parse_literal(out, "true", doc_value::kind::boolean, true);
      case 'f': return parse_literal(out, "false", doc_value::kind::boolean, false);
      case 'n': return parse_literal(out, "null", doc_value::kind::null, false);
      default:
        if (!at_end() && (peek() == '-' || is_digit(peek()))) return parse_number(out);
        return unexpected("a value");
    }
  }

  bool parse_literal(doc_value& out, std::string_view word, doc_value::kind k, bool value) {
    const char after = peek(word.size());
    const bool word_ends = !(is_digit(after) || (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
                             after == '_');
    if (text_.substr(pos_, word.size()) != word || !word_ends) return unexpected("a value");
    out.type = k;
    out.boolean = value;
    advance(word.size());
    return true;
  }

  // Fails (returning false) when a container at `depth` would nest too deep.
  bool check_depth(std::size_t depth) {
    if (depth < k_max_document_depth) return true;
    return fail("json.too-deep", here(),
                "invalid JSON: arrays and objects are nested more than " + std::to_string(k_max_document_depth) +
                    " deep");
  }

  bool parse_array(doc_value& out, std::size_t depth) {
    if (!check_depth(depth)) return false;
    out.type = doc_value::kind::array;
    advance(1);  // [
    skip_whitespace();
    if (peek() == ']') {
      advance(1);
      return true;
    }
    while (true) {
      out.items.emplace_back();
      if (!parse_value(out.items.back(), depth + 1)) return false;
      skip_whitespace();
      if (peek() == ']') {
        advance(1);
        return true;
      }
      if (peek() != ',') return unexpected("',' or ']' after an array element");
      const source_location comma = here();
      advance(1);
      skip_whitespace();
      if (peek() == ']') return fail(k_syntax, comma, "invalid JSON: trailing comma before ']'");
    }
  }

  bool parse_object(doc_value& out, std::size_t depth) {
    if (!check_depth(depth)) return false;
    out.type = doc_value::kind::object;
    advance(1);  // {
    skip_whitespace();
    if (peek() == '}') {
      advance(1);
      return true;
    }
    // Keys seen so far: a linear search for small objects, a hash index once they grow.
    constexpr std::size_t k_linear = 16;
    std::unordered_map<std::string, std::size_t> index;
    while (true) {
      if (peek() != '"') return unexpected("a string key in double quotes");
      doc_member member;
      member.key_region.begin = point();
      if (!parse_string(member.key)) return false;
      member.key_region.end = point();

      const doc_member* first = nullptr;
      if (out.members.size() < k_linear) {
        for (const doc_member& m : out.members) {
          if (m.key == member.key) {
            first = &m;
            break;
          }
        }
      } else {
        if (index.empty()) {
          for (std::size_t i = 0; i < out.members.size(); ++i) index.emplace(out.members[i].key, i);
        }
        const auto [it, inserted] = index.emplace(member.key, out.members.size());
        if (!inserted) first = &out.members[it->second];
      }
      if (first != nullptr) {
        return fail("json.duplicate-key",
                    source_location{path_, member.key_region.begin.line, member.key_region.begin.column},
                    "invalid JSON: duplicate key '" + display(member.key, 40) + "' (first at line " +
                        std::to_string(first->key_region.begin.line) + ", column " +
                        std::to_string(first->key_region.begin.column) + ")");
      }

      skip_whitespace();
      if (peek() != ':') return unexpected("':' after the key '" + display(member.key, 40) + "'");
      advance(1);
      out.members.push_back(std::move(member));
      if (!parse_value(out.members.back().value, depth + 1)) return false;
      skip_whitespace();
      if (peek() == '}') {
        advance(1);
        return true;
      }
      if (peek() != ',') return unexpected("',' or '}' after an object member");
      const source_location comma = here();
      advance(1);
      skip_whitespace();
      if (peek() == '}') return fail(k_syntax, comma, "invalid JSON: trailing comma before '}'");
    }
  }

  // At the opening quote. Decodes into `out`.
  bool parse_string(std::string& out) {
    const source_location open = here();
    advance(1);
    while (true) {
      // A run of plain printable ASCII, copied at once.
      std::size_t run = pos_;
      const std::size_t size = text_.size();
      const char* const data = text_.data();
      while (run < size && k_plain[static_cast<unsigned char>(data[run])]) ++run;
      out.append(text_.substr(pos_, run - pos_));
      column_ += static_cast<int>(run - pos_);
      pos_ = run;

      if (at_end()) return fail(k_syntax, open, "invalid JSON: unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        advance(1);
        return true;
      }
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) return fail(k_syntax, open, "invalid JSON: unterminated string");
        if (!parse_escape(out)) return false;
        continue;
      }
      if (c < 0x20) {
        static constexpr std::string_view digits = "0123456789ABCDEF";
        std::string code = "U+00";
        code += digits[c >> 4];
        code += digits[c & 0xF];
        return fail(k_syntax, here(),
                    std::string("invalid JSON: control character ") + code +
                        " in a string; write it as an escape such as \\n or \\u0009");
      }
      const std::size_t len = utf8_sequence_length(text_, pos_);
      if (len == 0) {
        return fail(k_syntax, here(),
                    "invalid JSON: invalid UTF-8 in a string (byte " + display(text_.substr(pos_, 1)) + ")");
      }
      out.append(text_.substr(pos_, len));
      advance(len);
    }
  }

  // At a backslash inside a string.
  bool parse_escape(std::string& out) {
    const source_location at = here();
    const char e = peek(1);
    char decoded = '\0';
    switch (e) {
      case '"': decoded = '"'; break;
      case '\\': decoded = '\\'; break;
      case '/': decoded = '/'; break;
      case 'b': decoded = '\b'; break;
      case 'f': decoded = '\f'; break;
      case 'n': decoded = '\n'; break;
      case 'r': decoded = '\r'; break;
      case 't': decoded = '\t'; break;
      case 'u': return parse_unicode_escape(out);
      default: {
        const std::size_t len = std::max<std::size_t>(1, utf8_sequence_length(text_, pos_ + 1));
        return fail(k_syntax, at,
                    "invalid JSON: invalid escape '\\" + display(text_.substr(pos_ + 1, len)) +
                        "' in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
      }
    }
    out += decoded;
    advance(2);
    return true;
  }

  // At the backslash of `\uXXXX`; a high surrogate must be followed by `\uXXXX` holding a low one.
  bool parse_unicode_escape(std::string& out) {
    const source_location at = here();
    const std::optional<std::uint32_t> first = hex4(text_, pos_ + 2);
    if (!first) {
      return fail(k_syntax, at,
                  "invalid JSON: expected four hex digits after '\\u', found '" +
                      display(text_.substr(pos_ + 2, 4), 4) + "'");
    }
    const auto unpaired = [&] {
      return fail(k_syntax, at,
                  "invalid JSON: unpaired surrogate '" + std::string(text_.substr(pos_, 6)) +
                      "' in a string; a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one");
    };
    std::uint32_t cp = *first;
    std::size_t length = 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return unpaired();
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (peek(6) != '\\' || peek(7) != 'u') return unpaired();
      const std::optional<std::uint32_t> second = hex4(text_, pos_ + 8);
      if (!second || *second < 0xDC00 || *second > 0xDFFF) return unpaired();
      cp = 0x10000 + ((cp - 0xD800) << 10) + (*second - 0xDC00);
      length = 12;
    }
    append_utf8(out, cp);
    advance(length);
    return true;
  }

  // At '-' or a digit: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool parse_number(doc_value& out) {
    const std::size_t start = pos_;
    const source_location where = here();
    if (peek() == '-') advance(1);
    if (!is_digit(peek())) return unexpected("a digit after '-'");
    if (peek() == '0' && is_digit(peek(1))) {
      return fail(k_syntax, here(),
                  "invalid JSON: numbers cannot have leading zeros, found '" + display(token_at(start)) + "'");
    }
    while (is_digit(peek())) advance(1);
    const std::size_t int_end = pos_;
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      advance(1);
      if (!is_digit(peek())) return unexpected("a digit after '.'");
      while (is_digit(peek())) advance(1);
    }
    std::int64_t exponent = 0;
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      advance(1);
      bool negative = false;
      if (peek() == '+' || peek() == '-') {
        negative = peek() == '-';
        advance(1);
      }
      if (!is_digit(peek())) return unexpected("a digit in the exponent");
      while (is_digit(peek())) {
        if (exponent < 1'000'000'000) exponent = exponent * 10 + (peek() - '0');
        advance(1);
      }
      if (negative) exponent = -exponent;
    }
    const std::string_view number = text_.substr(start, pos_ - start);
    const char* const first = number.data();
    const char* const last = number.data() + number.size();

    if (integral) {
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc{} && ptr == last) {
        out.type = doc_value::kind::integer;
        out.integer = v;
        return true;
      }
      // Out of int64 range: read as a double below.
    }
    double d = 0;
    const auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range) {
      // Too large or too small for a double: which one depends on the position of the first
      // significant digit, shifted by the exponent.
      const std::size_t digits_start = number[0] == '-' ? 1 : 0;
      std::int64_t magnitude = 0;
      for (std::size_t i = digits_start; i < number.size(); ++i) {
        if (number[i] >= '1' && number[i] <= '9') {
          const std::size_t int_length = int_end - start;  // sign and integer digits
          magnitude = i < int_length ? static_cast<std::int64_t>(int_length - i)
                                     : -static_cast<std::int64_t>(i - int_length - 1);
          break;
        }
      }
      if (magnitude + exponent > 0) {
        return fail(k_syntax, where, "invalid JSON: the number '" + display(number) + "' is too large for a double");
      }
      d = number[0] == '-' ? -0.0 : 0.0;
    } else if (ec != std::errc{} || ptr != last) {
      return fail(k_syntax, where, "invalid JSON: cannot read the number '" + display(number) + "'");
    }
    out.type = doc_value::kind::floating;
    out.floating = d;
    return true;
  }
};

}  // namespace

result<doc_value> parse_json(std::string_view text, const std::string& path) {
  if (text.size() > k_max_file_bytes) {
    return make_error("file.too-large", source_location{path, 1, 1},
                      "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                          std::to_string(k_max_file_bytes) + " bytes");
  }
  return parser(std::make_shared<const doc_source>(path, std::string(text), doc_format::json)).run();
}

}  // namespace breachclock::detail
