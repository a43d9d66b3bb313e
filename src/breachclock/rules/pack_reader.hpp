// Private to src/breachclock/rules/: the reader of one rule pack or policy overlay. It parses the
// file, reads [regime] (or [policy]), [authority.*], [[obligation]] and [[target]] into the
// load's data, and reports what is wrong with them; the checks that need every pack come after
// (checks.hpp). The TOML document is seen only here and in pack_fields.*: this header does not
// show it, so that the orchestration (rule_set.cpp) stays free of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "breachclock/source_file.hpp"
#include "rules/rule_set_data.hpp"

namespace breachclock::rules_detail {

// Reads `f` as a pack of `kind` into state.data.regimes (and its targets into state.data.targets),
// adding every diagnostic to state.ds. A file that does not parse adds nothing but diagnostics.
// `module`: the id of the module the pack is in (empty: none), recorded in regime::module; a
// pack of a module may use only the core calendars and its module's (rules.foreign-fact).
void read_pack(const source_file& f, pack_kind kind, const std::string& module, load_state& state);

// What a module.toml declares: [module] id = "uk", title = "...", jurisdictions = ["GB"].
struct module_decl {
  std::string id;
  std::string title;
  std::vector<std::string> jurisdictions;
};

// Reads a module.toml; none (with diagnostics) when it is broken.
std::optional<module_decl> read_module(const source_file& f, load_state& state);

}  // namespace breachclock::rules_detail
