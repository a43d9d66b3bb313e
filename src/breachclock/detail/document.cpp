#include "detail/document.hpp"

#include <algorithm>
#include <cstring>

#include "detail/json_reader.hpp"

namespace breachclock::detail {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t utf8_length(std::uint32_t cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t hex_run(std::string_view text, std::size_t pos, std::size_t digits) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < digits && pos + i < text.size(); ++i) {
    const int h = hex_value(text[pos + i]);
    cp = cp * 16 + static_cast<std::uint32_t>(h < 0 ? 0 : h);
  }
  return cp;
}

// Walks the source text of a string literal, tracking line and column, until `target` bytes of
// its decoded text lie behind.
class literal_walker {
 public:
  literal_walker(std::string_view text, std::size_t pos, doc_point at) : text_(text), pos_(pos), at_(at) {}

  void step(std::size_t n_bytes) {
    for (std::size_t i = 0; i < n_bytes && pos_ < text_.size(); ++i) {
      if (text_[pos_] == '\n') {
        ++at_.line;
        at_.column = 1;
        ++pos_;
      } else {
        ++pos_;
        if (pos_ >= text_.size() || !is_continuation(text_[pos_])) ++at_.column;
      }
    }
  }

  bool done() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  std::string_view rest(std::size_t n) const { return text_.substr(pos_, n); }
  std::size_t pos() const { return pos_; }
  doc_point at() const { return at_; }

  // One source character, whose bytes decode as themselves; returns its length in bytes.
  std::size_t plain() {
    std::size_t len = 1;
    while (pos_ + len < text_.size() && is_continuation(text_[pos_ + len])) ++len;
    step(len);
    return len;
  }

 private:
  std::string_view text_;
  std::size_t pos_;
  doc_point at_;
};

doc_point locate_toml(literal_walker w, string_syntax syntax, std::size_t target) {
  const bool multi = syntax == string_syntax::toml_multi_basic || syntax == string_syntax::toml_multi_literal;
  const bool basic = syntax == string_syntax::toml_basic || syntax == string_syntax::toml_multi_basic;
  w.step(multi ? 3 : 1);
  if (multi) {  // a newline right after the delimiter is trimmed
    if (w.peek() == '\n') w.step(1);
    else if (w.rest(2) == "\r\n") w.step(2);
  }
  std::size_t decoded = 0;
  while (!w.done() && decoded < target) {
    const char c = w.peek();
    if (basic && c == '\\' && w.rest(2).size() == 2) {
      const char e = w.peek(1);
      if (e == 'u' || e == 'U') {
        const std::size_t digits = e == 'u' ? 4 : 8;
        decoded += utf8_length(hex_run(w.rest(2 + digits), 2, digits));
        w.step(2 + digits);
      } else if (multi && (e == '\n' || e == ' ' || e == '\t' || e == '\r')) {
        w.step(1);  // line-ending backslash: skip all whitespace that follows
        while (!w.done() && (w.peek() == ' ' || w.peek() == '\t' || w.peek() == '\n' || w.peek() == '\r')) w.step(1);
      } else {
        decoded += 1;
        w.step(2);
      }
      continue;
    }
    if (multi && c == '\r' && w.peek(1) == '\n') {
      w.step(1);  // CRLF decodes to one "\n"
      continue;
    }
    decoded += w.plain();
  }
  return w.at();
}

doc_point locate_json(literal_walker w, std::size_t target) {
  w.step(1);
  std::size_t decoded = 0;
  while (!w.done() && decoded < target && w.peek() != '"') {
    if (w.peek() == '\\') {
      if (w.peek(1) == 'u') {
        const std::uint32_t cp = hex_run(w.rest(6), 2, 4);
        if (cp >= 0xD800 && cp <= 0xDBFF && w.rest(8).substr(6) == "\\u") {
          decoded += 4;  // a surrogate pair: one code point of four bytes
          w.step(12);
        } else {
          decoded += utf8_length(cp);
          w.step(6);
        }
      } else {
        decoded += 1;
        w.step(2);
      }
      continue;
    }
    decoded += w.plain();
  }
  return w.at();
}

// How the TOML string starting at byte `pos` of `text` is quoted.
string_syntax toml_quoting(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return string_syntax::none;
  text = text.substr(pos);
  if (text.substr(0, 3) == "\"\"\"") return string_syntax::toml_multi_basic;
  if (text.substr(0, 3) == "'''") return string_syntax::toml_multi_literal;
  if (text[0] == '"') return string_syntax::toml_basic;
  if (text[0] == '\'') return string_syntax::toml_literal;
  return string_syntax::none;
}

source_location at(const std::shared_ptr<const doc_source>& source, doc_point p) {
  return source_location{source != nullptr ? source->path : std::string{}, p.line, p.column};
}

}  // namespace

doc_source::doc_source(std::string p, std::string t, doc_format f) : path(std::move(p)), text(std::move(t)), format(f) {
  line_starts.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* at = begin; at != end;) {
    const void* newline = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
    if (newline == nullptr) break;
    at = static_cast<const char*>(newline) + 1;
    line_starts.push_back(static_cast<std::size_t>(at - begin));
  }
}

std::size_t doc_source::offset_of(int line, int column) const noexcept {
  if (line < 1 || column < 1 || static_cast<std::size_t>(line) > line_starts.size()) return std::string_view::npos;
  std::size_t pos = line_starts[static_cast<std::size_t>(line) - 1];
  for (int c = 1; c < column; ++c) {
    if (pos >= text.size()) return std::string_view::npos;
    ++pos;
    while (pos < text.size() && is_continuation(text[pos])) ++pos;
  }
  return pos;
}

const doc_member* doc_value::find_member(std::string_view key) const {
  for (const doc_member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

const doc_value* doc_value::find(std::string_view key) const {
  const doc_member* m = find_member(key);
  return m != nullptr ? &m->value : nullptr;
}

source_location doc_value::where() const { return at(source, region.begin); }

source_location doc_value::inside() const { return type == kind::string ? locate(0) : where(); }

source_location doc_value::locate(std::size_t at_byte) const {
  if (type != kind::string || source == nullptr || quoting == string_syntax::none) return text_start();
  const std::size_t pos = source->offset_of(region.begin.line, region.begin.column);
  if (pos == std::string_view::npos || pos >= source->text.size()) return text_start();
  const string_syntax syntax = quoting == string_syntax::toml ? toml_quoting(source->text, pos) : quoting;
  if (syntax == string_syntax::none) return text_start();
  const literal_walker w(source->text, pos, region.begin);
  const std::size_t target = std::min(at_byte, string.size());
  const doc_point p = syntax == string_syntax::json ? locate_json(w, target) : locate_toml(w, syntax, target);
  return at(source, p);
}

source_location doc_value::text_start() const {
  source_location w = where();
  if (type == kind::string && w.column > 0) ++w.column;
  return w;
}

source_location doc_member::key_where() const { return at(value.source, key_region.begin); }

std::string describe(doc_value::kind k, bool json) {
  switch (k) {
    case doc_value::kind::null: return "null";
    case doc_value::kind::boolean: return "a boolean";
    case doc_value::kind::integer: return "an integer";
    case doc_value::kind::floating: return json ? "a number with a fraction" : "a float";
    case doc_value::kind::string: return "a string";
    case doc_value::kind::array: return "an array";
    case doc_value::kind::object: return json ? "an object" : "a table";
    case doc_value::kind::date: return "a date";
    case doc_value::kind::local_datetime: return "a local date-time";
    case doc_value::kind::offset_datetime: return "a date-time with offset";
    case doc_value::kind::time: return "a time";
  }
  return "a value";
}

doc_format format_of(std::string_view path, std::string_view text) noexcept {
  if (path.size() >= 5 && path.substr(path.size() - 5) == ".json") return doc_format::json;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' ? doc_format::json : doc_format::toml;
}

doc_format format_of(const source_file& file) noexcept { return format_of(file.path, file.text); }

result<doc_value> parse_document(std::string text, std::string path, doc_format format) {
  if (format == doc_format::json) return parse_json(text, path);
  return parse_toml_document(std::move(text), std::move(path));
}

result<doc_value> parse_document(const source_file& file) {
  // The text is copied once, into the document's source (not first into an argument).
  if (format_of(file) == doc_format::json) return parse_json(file.text, file.path);
  return parse_toml_document(file.text, file.path);
}

}  // namespace breachclock::detail

namespace breachclock {

result<document> document::parse(const source_file& file) {
  auto doc = detail::parse_document(file);
  if (!doc) return std::move(doc).take_diagnostics();
  auto root = std::make_shared<const detail::doc_value>(std::move(*doc));
  const detail::doc_value* node = root.get();
  return document(std::move(root), node);
}

namespace detail {

document make_document(std::shared_ptr<const doc_value> root, const doc_value* node) noexcept {
  return document(std::move(root), node);
}

const doc_value* node_of(const document& d) noexcept { return d.node_; }

}  // namespace detail

document document::at(std::string_view key) const {
  if (node_ == nullptr || node_->type != detail::doc_value::kind::object) return {};
  const detail::doc_value* v = node_->find(key);
  return v != nullptr ? document(root_, v) : document{};
}

document document::at(std::size_t index) const {
  if (node_ == nullptr || node_->type != detail::doc_value::kind::array || index >= node_->items.size()) return {};
  return document(root_, &node_->items[index]);
}

bool document::is_table() const noexcept { return node_ != nullptr && node_->type == detail::doc_value::kind::object; }

source_location document::where() const { return node_ != nullptr ? node_->where() : source_location{}; }

}  // namespace breachclock
