// breachclock/document.hpp: a parsed TOML or JSON file, and a place in it.
//
// Every file the library reads (rules, calendars, policy overlays, policy tests, incidents) is
// parsed into one located tree, TOML or JSON alike. A `document` is a read-only handle to a node
// of such a tree: the whole file, or a table reached by keys and array indexes. It lets a program
// keep an incident inside a larger file of its own (as policy tests do) and still get every
// message at the line and column where a value was written. The nodes themselves stay private.
//
//   result<document> d = document::parse(*read_source_file("cases.toml"));
//   document first = d->at("case").at(0).at("incident");       // absent parts: exists() == false
//   result<incident> i = read_incident(first, {d->at("defaults")}, bundled_fact_schema());
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "breachclock/diagnostic.hpp"
#include "breachclock/source_file.hpp"

namespace breachclock {

class document;
namespace detail {
struct doc_value;
document make_document(std::shared_ptr<const doc_value> root, const doc_value* node) noexcept;
const doc_value* node_of(const document& d) noexcept;
}  // namespace detail

class document {
 public:
  // Parses `file`: JSON when its name ends in ".json" or it begins with '{', TOML otherwise.
  // Fails with the parser's located diagnostic (toml.syntax, json.syntax, ...). Never throws.
  static result<document> parse(const source_file& file);

  // The member `key` of this table, or the element `index` of this array; a handle that does not
  // exist when there is no such part (or this one does not exist).
  document at(std::string_view key) const;
  document at(std::size_t index) const;

  bool exists() const noexcept { return node_ != nullptr; }
  // True when this part is a table (a JSON object).
  bool is_table() const noexcept;
  // Where this part was written; {} when it does not exist.
  source_location where() const;

  document() = default;  // a handle that does not exist

 private:
  document(std::shared_ptr<const detail::doc_value> root, const detail::doc_value* node) noexcept
      : root_(std::move(root)), node_(node) {}
  friend document detail::make_document(std::shared_ptr<const detail::doc_value>, const detail::doc_value*) noexcept;
  friend const detail::doc_value* detail::node_of(const document&) noexcept;

  std::shared_ptr<const detail::doc_value> root_;
  const detail::doc_value* node_ = nullptr;
};

}  // namespace breachclock
