#include "detail/document.hpp"

namespace breachclock::detail {

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

}  // namespace breachclock::detail
