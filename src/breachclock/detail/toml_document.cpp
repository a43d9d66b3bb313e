// The TOML half of the document model: the only file that includes toml++. It parses a TOML
// document and converts it into the doc_value tree every loader reads.
#include <toml++/toml.h>

#include "detail/document.hpp"
#include "detail/text.hpp"

namespace breachclock::detail {

namespace {

doc_point point_of(const toml::source_position& p) {
  return doc_point{static_cast<std::int32_t>(p.line), static_cast<std::int32_t>(p.column)};
}

doc_region region_of(const toml::source_region& r) { return doc_region{point_of(r.begin), point_of(r.end)}; }

class converter {
 public:
  explicit converter(std::shared_ptr<const doc_source> source) : source_(std::move(source)) {}

  // Converts `n` into `out`; false (with failed() at the offending value) past a limit.
  bool convert(const toml::node& n, std::size_t depth, doc_value& out) {
    out.source = source_;
    out.region = region_of(n.source());
    if (depth > k_max_document_depth || ++values_ > k_max_document_values) {
      failed_ = out.where();
      return false;
    }
    switch (n.type()) {
      case toml::node_type::table: {
        out.type = doc_value::kind::object;
        out.members.reserve(n.as_table()->size());
        for (auto&& [k, v] : *n.as_table()) {
          doc_member& m = out.members.emplace_back();  // built in place: no copies of subtrees
          m.key = std::string(k.str());
          m.key_region = region_of(k.source());
          if (!convert(v, depth + 1, m.value)) return false;
        }
        return true;
      }
      case toml::node_type::array:
        out.type = doc_value::kind::array;
        out.items.reserve(n.as_array()->size());
        for (const toml::node& e : *n.as_array()) {
          if (!convert(e, depth + 1, out.items.emplace_back())) return false;
        }
        return true;
      case toml::node_type::string:
        out.type = doc_value::kind::string;
        out.string = n.as_string()->get();
        out.quoting = string_syntax::toml;  // which of TOML's four: read from the source when needed
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
      case toml::node_type::time: out.type = doc_value::kind::time; return true;
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

  std::size_t values() const { return values_; }
  const source_location& failed() const { return failed_; }

 private:
  std::shared_ptr<const doc_source> source_;
  std::size_t values_ = 0;
  source_location failed_;
};

}  // namespace

result<doc_value> parse_toml_document(std::string text, std::string path) {
  if (text.size() > k_max_file_bytes) {
    return make_error("file.too-large", source_location{path, 1, 1},
                      "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                          std::to_string(k_max_file_bytes) + " bytes");
  }
  auto source = std::make_shared<const doc_source>(std::move(path), std::move(text), doc_format::toml);
  toml::table root;
  try {
    root = toml::parse(std::string_view{source->text}, std::string_view{source->path});
  } catch (const toml::parse_error& e) {
    std::string message(e.description());
    // toml++ prefixes "Error while parsing X: "; keep the part that says what is wrong.
    if (const auto colon = message.find(": ");
        message.rfind("Error while parsing", 0) == 0 && colon != std::string::npos) {
      message = "invalid TOML (" + message.substr(20, colon - 20) + "): " + message.substr(colon + 2);
    } else {
      message = "invalid TOML: " + message;
    }
    const doc_point p = point_of(e.source().begin);
    return make_error("toml.syntax", source_location{source->path, p.line, p.column}, excerpt(message, 400));
  }
  converter c(source);
  doc_value out;
  if (!c.convert(root, 0, out)) {
    if (c.values() > k_max_document_values) {
      return make_error("limit.values", c.failed(),
                        "the document holds more than " + std::to_string(k_max_document_values) + " values");
    }
    return make_error("toml.too-deep", c.failed(),
                      "nested deeper than " + std::to_string(k_max_document_depth) + " levels");
  }
  return out;
}

}  // namespace breachclock::detail
