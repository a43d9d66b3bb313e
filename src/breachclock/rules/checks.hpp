// Private to src/breachclock/rules/: the checks of a rule set that look across packs, run once
// every pack is read: ids and versions, substitutes, targets, dead exceptions (satisfiability),
// and the lints (facts and events no rule uses). They read the loaded data, never a file.
#pragma once

#include <string>
#include <string_view>

#include "rules/rule_set_data.hpp"

namespace breachclock::rules_detail {

// An error unless `name` is an event of the schema ("<what> 'x' is not an event of facts.toml").
void check_event_name(load_state& state, const std::string& name, const source_location& where, const char* what);

// An error (rules.foreign-fact) when the fact or event `name` is declared by a module other
// than the one of the pack being read (state.module); packs outside modules and policy overlays
// may use any.
void check_module_of(load_state& state, std::string_view name, const source_location& where);

// Every check across packs, in the order their diagnostics were always made; the lints only
// when there is no error so far (unused facts mean little while packs are broken).
void check_across_packs(load_state& state);

// The chains of deadlines (in pack_deadline.cpp): every filing or request an anchor names is an
// obligation's, a request's an on_request duty's; no duty counts from its own filing, an
// on_request duty counts from its request, and no chain of filings runs in a circle.
void check_chains(load_state& state);

}  // namespace breachclock::rules_detail
