// Private: the checks an incident's values pass, shared by the incident reader
// (facts/incident.cpp, facts/journal.cpp) and validate() (facts/incident_check.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "detail/document.hpp"

namespace breachclock::detail {

// The values of an enum or set fact, quoted: "'controller' or 'processor'".
std::string values_list(const fact_decl& f);
// Why `v` is not a valid value of `f`, or "" when it is. `v` is known. When valid, `found`
// holds what the check found (an enum's value number, a set's members).
std::string check_value(const fact_decl& f, const fact_value& v, checked_fact& found);
std::string check_value(const fact_decl& f, const fact_value& v);
// Why `code` cannot be in a scope under `schema` ("" when it can).
std::string check_scope_entry(std::string_view code, const fact_schema& schema);
// A count of people (a member of a family of counts): a whole number or range, never negative.
std::string check_count(const std::string& name, const fact_value& v);
// The family of counts whose member `name` (affected.US-WY) is, when the schema has that family
// and the rest is "total" or a valid region code; nullptr otherwise. A member no module
// declared is kept (it decides the scope) but no condition reads it.
const count_family* count_member_family(std::string_view name, const fact_schema& schema);
// "unknown fact 'x'; did you mean 'y'?", or that it is an event (a fact) in the wrong table.
std::string unknown_name_message(const std::string& name, const fact_schema& schema, bool as_event);

// Reads an incident from a document's root (incident.cpp), with `ds` the diagnostics found
// before (an override layer's); read_incident (incident_layers.cpp) reads the merged layers so.
result<incident> read_incident_root(const detail::doc_value& root, const fact_schema& schema,
                                    std::vector<diagnostic> ds);

}  // namespace breachclock::detail
