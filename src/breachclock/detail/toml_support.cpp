#include "detail/toml_support.hpp"

#include <algorithm>

#include "detail/text.hpp"

namespace breachclock::detail {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offset in `text` of 1-based (line, column-in-code-points); npos when out of range.
std::size_t offset_of(std::string_view text, int line, int column) {
  std::size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return std::string_view::npos;
    ++pos;
  }
  for (int c = 1; c < column; ++c) {
    if (pos >= text.size()) return std::string_view::npos;
    ++pos;
    while (pos < text.size() && is_continuation(text[pos])) ++pos;
  }
  return pos;
}

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

}  // namespace

result<toml_file> parse_toml(std::string text, std::string path) {
  if (text.size() > k_max_file_bytes) {
    return make_error("file.too-large", source_location{path, 1, 1},
                      "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                          std::to_string(k_max_file_bytes) + " bytes");
  }
  try {
    toml::table root = toml::parse(std::string_view{text}, std::string_view{path});
    return toml_file{std::move(path), std::move(text), std::move(root)};
  } catch (const toml::parse_error& e) {
    std::string message(e.description());
    // toml++ prefixes "Error while parsing X: "; keep the part that says what is wrong.
    if (const auto colon = message.find(": "); message.rfind("Error while parsing", 0) == 0 &&
                                                colon != std::string::npos) {
      message = "invalid TOML (" + message.substr(20, colon - 20) + "): " + message.substr(colon + 2);
    } else {
      message = "invalid TOML: " + message;
    }
    return make_error("toml.syntax", location_of(e.source(), path), excerpt(message, 400));
  }
}

source_location location_of(const toml::source_region& region, const std::string& path) {
  return source_location{path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

source_location location_of(const toml::node& n, const std::string& path) {
  return location_of(n.source(), path);
}

source_location string_offset_location(const toml::node& n, std::size_t offset, const toml_file& file) {
  const source_location start = location_of(n, file.path);
  const auto* value = n.as_string();
  if (value == nullptr) return start;
  const std::string_view text = file.text;
  std::size_t pos = offset_of(text, start.line, start.column);
  if (pos == std::string_view::npos || pos >= text.size()) return start;

  // Opening delimiter.
  const char quote = text[pos];
  if (quote != '"' && quote != '\'') return start;
  const bool multi = text.substr(pos, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  const bool basic = quote == '"';
  int line = start.line;
  int column = start.column;
  auto step = [&](std::size_t n_bytes) {
    for (std::size_t i = 0; i < n_bytes && pos < text.size(); ++i) {
      if (text[pos] == '\n') {
        ++line;
        column = 1;
        ++pos;
      } else {
        ++pos;
        if (pos >= text.size() || !is_continuation(text[pos])) ++column;
      }
    }
  };
  step(multi ? 3 : 1);
  if (multi) {  // a newline right after the delimiter is trimmed
    if (pos < text.size() && text[pos] == '\n') step(1);
    else if (text.substr(pos, 2) == "\r\n") step(2);
  }

  // Walk the literal, one decoded byte (or run of bytes) at a time, until `offset` is reached.
  std::size_t decoded = 0;
  const std::size_t target = std::min(offset, value->get().size());
  while (pos < text.size() && decoded < target) {
    const char c = text[pos];
    if (basic && c == '\\' && pos + 1 < text.size()) {
      const char e = text[pos + 1];
      if (e == 'u' || e == 'U') {
        const std::size_t digits = e == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        for (std::size_t i = 0; i < digits && pos + 2 + i < text.size(); ++i) {
          const int h = hex_value(text[pos + 2 + i]);
          cp = cp * 16 + static_cast<std::uint32_t>(h < 0 ? 0 : h);
        }
        decoded += utf8_length(cp);
        step(2 + digits);
      } else if (multi && (e == '\n' || e == ' ' || e == '\t' || e == '\r')) {
        step(1);  // line-ending backslash: skip all whitespace that follows
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) step(1);
      } else {
        decoded += 1;
        step(2);
      }
      continue;
    }
    if (multi && c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
      step(1);  // CRLF decodes to one "\n"
      continue;
    }
    // One source character: its bytes decode as themselves.
    std::size_t len = 1;
    while (pos + len < text.size() && is_continuation(text[pos + len])) ++len;
    decoded += len;
    step(len);
  }
  return source_location{file.path, line, column};
}

namespace {

// Converts `n` into `out`; false (with `failed` at the offending value) past the depth or size limit.
bool convert(const toml::node& n, const std::string& path, std::size_t depth, std::size_t& values, doc_value& out,
             source_location& failed) {
  out.where = location_of(n, path);
  if (depth > k_max_document_depth || ++values > k_max_document_values) {
    failed = out.where;
    return false;
  }
  switch (n.type()) {
    case toml::node_type::table: {
      out.type = doc_value::kind::object;
      for (auto&& [k, v] : *n.as_table()) {
        doc_member m;
        m.key = std::string(k.str());
        m.key_where = location_of(k.source(), path);
        if (!convert(v, path, depth + 1, values, m.value, failed)) return false;
        out.members.push_back(std::move(m));
      }
      return true;
    }
    case toml::node_type::array:
      out.type = doc_value::kind::array;
      for (const toml::node& e : *n.as_array()) {
        doc_value v;
        if (!convert(e, path, depth + 1, values, v, failed)) return false;
        out.items.push_back(std::move(v));
      }
      return true;
    case toml::node_type::string:
      out.type = doc_value::kind::string;
      out.string = n.as_string()->get();
      return true;
    case toml::node_type::integer:
      out.type = doc_value::kind::integer;
      out.integer = n.as_integer()->get();
      return true;
    case toml::node_type::floating_point:
      out.type = doc_value::kind::floating;
      out.floating = n.as_floating_point()->get();
      return true;
    case toml::node_type::boolean:
      out.type = doc_value::kind::boolean;
      out.boolean = n.as_boolean()->get();
      return true;
    case toml::node_type::date: {
      const toml::date d = n.as_date()->get();
      out.type = doc_value::kind::date;
      out.date = date::year_month_day{date::year{d.year}, date::month{d.month}, date::day{d.day}};
      return true;
    }
    case toml::node_type::time:
      out.type = doc_value::kind::time;
      return true;
    case toml::node_type::date_time: {
      const toml::date_time dt = n.as_date_time()->get();
      const date::year_month_day d{date::year{dt.date.year}, date::month{dt.date.month}, date::day{dt.date.day}};
      const date::local_seconds local = date::local_days{d} + std::chrono::hours{dt.time.hour} +
                               std::chrono::minutes{dt.time.minute} + std::chrono::seconds{dt.time.second};
      if (dt.offset) {
        out.type = doc_value::kind::offset_datetime;
        out.offset = date::sys_seconds{local.time_since_epoch()} - std::chrono::minutes{dt.offset->minutes};
      } else {
        out.type = doc_value::kind::local_datetime;
        out.local = local;
      }
      return true;
    }
    case toml::node_type::none: break;
  }
  return true;
}

}  // namespace

result<doc_value> to_document(const toml_file& file) {
  doc_value root;
  std::size_t values = 0;
  source_location failed;
  if (!convert(file.root, file.path, 0, values, root, failed)) {
    if (values > k_max_document_values) {
      return make_error("limit.values", failed,
                        "the document holds more than " + std::to_string(k_max_document_values) + " values");
    }
    return make_error("toml.too-deep", failed, "nested deeper than " + std::to_string(k_max_document_depth) + " levels");
  }
  return root;
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::none: return "nothing";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
  }
  return "a value";
}

table_reader::table_reader(const toml::table& table, const toml_file& file, std::vector<diagnostic>& out,
                           std::string context)
    : table_(table), file_(file), out_(out), context_(std::move(context)) {}

const toml::node* table_reader::get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return table_.get(key);
}

bool table_reader::has(std::string_view key) const { return table_.contains(key); }

void table_reader::missing(std::string_view key) {
  out_.push_back(make_error("toml.missing-key", location_of(table_, file_.path),
                            context_ + " needs '" + std::string(key) + "'"));
}

void table_reader::wrong_type(const toml::node& n, std::string_view key, std::string_view expected) {
  out_.push_back(make_error("toml.type", location_of(n, file_.path),
                            "'" + std::string(key) + "' in " + context_ + " must be " + std::string(expected) +
                                ", not " + type_name(n)));
}

void table_reader::error(const toml::node& n, std::string code, std::string message) {
  out_.push_back(make_error(std::move(code), location_of(n, file_.path), std::move(message)));
}

void table_reader::error_at_key(std::string_view key, std::string code, std::string message) {
  for (auto&& [k, v] : table_) {
    if (k.str() == key) {
      out_.push_back(make_error(std::move(code), location_of(k.source(), file_.path), std::move(message)));
      return;
    }
  }
  out_.push_back(make_error(std::move(code), location_of(table_, file_.path), std::move(message)));
}

std::optional<std::string> table_reader::string(std::string_view key, bool required) {
  const toml::node* n = get(key);
  if (n == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (const auto* s = n->as_string()) return s->get();
  wrong_type(*n, key, "a string");
  return std::nullopt;
}

std::optional<std::int64_t> table_reader::integer(std::string_view key, bool required) {
  const toml::node* n = get(key);
  if (n == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (const auto* i = n->as_integer()) return i->get();
  wrong_type(*n, key, "an integer");
  return std::nullopt;
}

std::optional<bool> table_reader::boolean(std::string_view key, bool required) {
  const toml::node* n = get(key);
  if (n == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (const auto* b = n->as_boolean()) return b->get();
  wrong_type(*n, key, "true or false");
  return std::nullopt;
}

const toml::array* table_reader::array(std::string_view key, bool required) {
  const toml::node* n = get(key);
  if (n == nullptr) {
    if (required) missing(key);
    return nullptr;
  }
  if (const auto* a = n->as_array()) return a;
  wrong_type(*n, key, "an array");
  return nullptr;
}

const toml::table* table_reader::table(std::string_view key, bool required) {
  const toml::node* n = get(key);
  if (n == nullptr) {
    if (required) missing(key);
    return nullptr;
  }
  if (const auto* t = n->as_table()) return t;
  wrong_type(*n, key, "a table");
  return nullptr;
}

std::optional<std::vector<std::string>> table_reader::strings(std::string_view key, bool required) {
  const toml::array* a = array(key, required);
  if (a == nullptr) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const toml::node& element : *a) {
    if (const auto* s = element.as_string()) {
      out.push_back(s->get());
    } else {
      wrong_type(element, std::string(key) + "[]", "a string");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

void table_reader::finish() {
  for (auto&& [k, v] : table_) {
    const std::string name(k.str());
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    out_.push_back(make_error("toml.unknown-key", location_of(k.source(), file_.path),
                              "unknown key '" + excerpt(name) + "' in " + context_ + did_you_mean(name, known_)));
  }
}

}  // namespace breachclock::detail
