// Private to src/breachclock/rules/: the reader of one rule pack or policy overlay. It parses the
// file, reads [regime] (or [policy]), [authority.*], [[obligation]] and [[target]] into the
// load's data, and reports what is wrong with them; the checks that need every pack come after
// (checks.hpp). The TOML document is seen only here and in pack_fields.*: this header does not
// show it, so that the orchestration (rule_set.cpp) stays free of it.
#pragma once

#include "breachclock/source_file.hpp"
#include "rules/rule_set_data.hpp"

namespace breachclock::rules_detail {

// Reads `f` as a pack of `kind` into state.data.regimes (and its targets into state.data.targets),
// adding every diagnostic to state.ds. A file that does not parse adds nothing but diagnostics.
void read_pack(const source_file& f, pack_kind kind, load_state& state);

}  // namespace breachclock::rules_detail
