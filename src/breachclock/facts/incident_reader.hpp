// Private: reading an incident from a parsed document, for loaders that build or merge
// documents themselves (policy tests overlay fact overrides on an incident file).
#pragma once

#include "breachclock/facts/incident.hpp"
#include "detail/document.hpp"

namespace breachclock::detail {

// Reads and checks an incident from `root` (an object with id, zone, events, facts).
result<incident> read_incident(const doc_value& root, const fact_schema& schema, bool json);

// Parses an incident file's text into a document, TOML or JSON as parse_incident decides.
result<doc_value> incident_document(const source_file& file, bool& json);

}  // namespace breachclock::detail
