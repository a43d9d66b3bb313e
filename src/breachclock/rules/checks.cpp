// The checks across packs (checks.hpp).
#include "rules/checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "breachclock/expr/analysis.hpp"
#include "detail/text.hpp"

namespace breachclock::rules_detail {

namespace {

std::string describe(const effective_window& w) { return w.always() ? "always" : w.text; }

std::string location_text(const source_location& l) {
  std::ostringstream os;
  os << l;
  return os.str();
}

std::vector<std::string> all_ids(const rule_set::data& data) {
  std::vector<std::string> ids;
  for (const regime& r : data.regimes) {
    for (const obligation& o : r.obligations) ids.push_back(o.id);
  }
  return ids;
}

// The first obligation with this id, in force (or, with `proposed_too`, proposed when none is).
const obligation* find_any(const rule_set::data& data, std::string_view id, bool proposed_too = true) {
  const obligation* found = nullptr;
  for (const regime& r : data.regimes) {
    for (const obligation& o : r.obligations) {
      if (o.id != id) continue;
      if (o.proposed.empty()) return &o;
      if (proposed_too && found == nullptr) found = &o;
    }
  }
  return found;
}

// Every displaced_by names another pack of the rule set; the law in force is displaced only by
// law in force.
void check_displacing(load_state& s) {
  std::vector<std::string> packs;
  for (const regime& r : s.data.regimes) {
    if (r.kind == pack_kind::law) packs.push_back(r.id);
  }
  for (const load_state::displacing_ref& d : s.displacing) {
    const auto named = std::find_if(s.data.regimes.begin(), s.data.regimes.end(),
                                    [&](const regime& r) { return r.kind == pack_kind::law && r.id == d.pack; });
    if (named == s.data.regimes.end()) {
      s.error(d.where, "rules.displaced-by",
              "displaced_by names '" + detail::excerpt(d.pack) + "', which is not a rule pack of the rule set" +
                  detail::did_you_mean(d.pack, packs) + " (the packs are " + detail::quoted_list(packs, "and") + ")");
    } else if (d.pack == d.of_pack) {
      s.error(d.where, "rules.displaced-by",
              "displaced_by names the exception's own pack '" + d.pack + "': a law is displaced by another law");
    } else if (!named->proposed.empty() && !d.proposed) {
      s.error(d.where, "rules.displaced-by",
              "displaced_by names '" + d.pack + "', which is proposed law (" + named->proposed +
                  "): law in force is displaced only by law in force; mark the exception's obligation proposed too");
    }
  }
}

// Pack ids are unique; versions of one obligation id have disjoint windows, one choosing event
// and one `substitute`.
void check_ids(load_state& s) {
  std::set<std::string> pack_ids;
  for (const regime& r : s.data.regimes) {
    if (!r.id.empty() && !pack_ids.insert(r.id).second) {
      s.error({r.file, 1, 1}, "rules.duplicate-pack", "pack id '" + r.id + "' is used by another file too");
    }
  }
  // The law in force and the proposed law each have their versions: a proposed version may
  // share its id (and its window) with a duty in force, which it would amend.
  std::map<std::pair<std::string, bool>, std::vector<const obligation*>> by_id;
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) by_id[{o.id, !o.proposed.empty()}].push_back(&o);
  }
  for (const auto& [key, list] : by_id) {
    const std::string& id = key.first;
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        const obligation& a = *list[j];
        const obligation& b = *list[i];
        if (a.effective.always() && b.effective.always()) {
          s.error(b.where, "rules.duplicate-id",
                  "duplicate obligation id '" + id + "' (also at " + location_text(a.where) +
                      "); versions of one duty need disjoint effective windows");
        } else if (a.effective.overlaps(b.effective)) {
          s.error(b.where, "rules.overlapping-windows",
                  "the effective window of '" + id + "' (" + describe(b.effective) + ") overlaps the one at " +
                      location_text(a.where) + " (" + describe(a.effective) + ")");
        } else if (a.effective.by != b.effective.by || a.substitute != b.substitute) {
          s.error(b.where, "rules.versions",
                  "versions of '" + id + "' must be chosen by the same event (effective.by) and agree on substitute");
        }
      }
    }
  }
  for (const auto& [name, where] : s.by_events) check_event_name(s, name, where, "effective.by");
}

// Every `instead` names a substitute of another duty, every substitute is named, and
// substitutes form a tree of depth one.
void check_substitutes(load_state& s) {
  std::set<std::string> referenced;
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) {
      for (const exception_rule& e : o.unless) {
        if (e.instead.empty()) continue;
        // A substitute of the law in force is in force; proposed law may redirect to either.
        const obligation* sub = find_any(s.data, e.instead, !o.proposed.empty());
        if (sub == nullptr) {
          s.error(e.where, "rules.unknown-obligation",
                  "exception of '" + o.id + "' redirects to '" + e.instead + "', which is not an obligation" +
                      detail::did_you_mean(e.instead, all_ids(s.data)));
        } else if (!sub->substitute) {
          s.error(e.where, "rules.substitute",
                  "'" + e.instead + "' applies instead of '" + o.id + "': declare it with substitute = true");
        } else if (sub->id == o.id) {
          s.error(e.where, "rules.substitute", "an obligation cannot apply instead of itself");
        } else if (o.substitute) {
          // Substitutes form a tree of depth one: a chain (a substitute of a substitute) has no
          // defined status, and any cycle of `instead` passes through such a link.
          s.error(e.where, "rules.substitute-chain",
                  "'" + o.id + "' is itself a substitute, so its exceptions cannot redirect to another (to '" +
                      e.instead + "'): redirect from the original obligation instead");
        }
        referenced.insert(e.instead);
      }
    }
  }
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) {
      if (o.substitute && !referenced.contains(o.id)) {
        s.error(o.where, "rules.substitute",
                "'" + o.id + "' is a substitute, but no exception redirects to it (unless = [{ ..., instead = \"" +
                    o.id + "\" }])");
      }
    }
  }
}

void check_targets(load_state& s) {
  const std::vector<std::string> ids = all_ids(s.data);
  for (const policy_target& t : s.data.targets) {
    for (const std::string& id : t.obligations) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        s.error(t.where, "rules.unknown-obligation",
                "target names '" + id + "', which is not an obligation" + detail::did_you_mean(id, ids));
      }
    }
  }
}

// An exception that can never apply where its obligation does is a mistake in the rules.
// The search has one budget for the whole load (k_satisfiability_budget steps), so that no
// rule set the limits allow takes long to load; exceptions it could not decide are named in a
// warning, never passed over in silence.
void check_exceptions(load_state& s) {
  if (s.failed) return;  // conditions that did not compile would make this noisy
  expr::search_budget budget{k_satisfiability_budget};
  std::size_t undecided = 0;
  const exception_rule* first_undecided = nullptr;
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) {
      for (const exception_rule& e : o.unless) {
        std::vector<const expr::condition*> all{&e.when};
        if (o.when) all.push_back(&*o.when);
        if (r.applies) all.push_back(&*r.applies);
        const expr::satisfiability answer = expr::satisfiable(all, s.data.schema, budget);
        if (answer == expr::satisfiability::no) {
          s.error(e.where, "rules.dead-exception",
                  "the exception '" + e.when.text() + "' of '" + o.id + "' can never apply when the obligation does" +
                      (o.when ? " ('" + o.when->text() + "')" : ""));
        } else if (answer == expr::satisfiability::too_large) {
          if (undecided++ == 0) first_undecided = &e;
        }
      }
    }
  }
  if (undecided > 0) {
    s.warning(first_undecided->where, "rules.exception-unchecked",
              std::to_string(undecided) + " exception" + (undecided == 1 ? " was" : "s were") +
                  " not checked for being dead (the search was too large); this is the first");
  }
}

// The lints: a fact or event of the schema that no rule reads.
void check_unused(load_state& s) {
  if (s.failed) return;
  const fact_schema& schema = s.data.schema;
  std::set<std::size_t> facts_used;
  std::set<std::string> events_used;
  auto note = [&](const std::optional<expr::condition>& c) {
    if (!c) return;
    facts_used.insert(c->facts_used().begin(), c->facts_used().end());
    for (std::size_t e : c->events_used()) events_used.insert(schema.events()[e].name);
  };
  for (const regime& r : s.data.regimes) {
    note(r.applies);
    if (!r.effective.by.empty()) events_used.insert(r.effective.by);
    for (const obligation& o : r.obligations) {
      note(o.when);
      for (const exception_rule& e : o.unless) note(e.when);
      if (o.to_by) {
        if (const fact_decl* f = schema.fact(o.to_by->by)) facts_used.insert(f->index);
      }
      if (o.deadline.from_kind == anchor_kind::event && !o.deadline.from.empty()) events_used.insert(o.deadline.from);
      for (const deadline_limit& l : o.deadline.limits) {
        if (l.from_kind == anchor_kind::event) events_used.insert(l.from);
        if (!l.unless_later.empty()) events_used.insert(l.unless_later);
      }
      note(o.deadline.roll_unless);
      if (!o.effective.by.empty()) events_used.insert(o.effective.by);
    }
  }
  for (const policy_target& t : s.data.targets) {
    if (!t.from.empty()) events_used.insert(t.from);
  }
  // An event used as an anchor also uses its fallbacks.
  for (const std::string& e : std::vector<std::string>(events_used.begin(), events_used.end())) {
    for (const std::string& f : schema.fallbacks(e)) events_used.insert(f);
  }
  for (const fact_decl& f : schema.facts()) {
    if (!facts_used.contains(f.index) && !f.informational) {
      s.warning(f.where, "rules.unused-fact", "fact '" + f.name + "' is declared but no rule uses it");
    }
  }
  for (const event_decl& e : schema.events()) {
    if (!events_used.contains(e.name)) {
      s.warning(e.where, "rules.unused-event", "event '" + e.name + "' is declared but no rule uses it");
    }
  }
}

}  // namespace

void check_event_name(load_state& s, const std::string& name, const source_location& where, const char* what) {
  if (s.data.schema.event(name) != nullptr) return;
  std::vector<std::string> events;
  for (const event_decl& e : s.data.schema.events()) events.push_back(e.name);
  s.error(where, "rules.unknown-event",
          std::string(what) + " '" + detail::excerpt(name) + "' is not an event of facts.toml" +
              detail::did_you_mean(name, events));
}

void check_module_of(load_state& s, std::string_view name, const source_location& where) {
  if (s.policy || s.module.empty()) return;
  const fact_decl* f = s.data.schema.fact(name);
  const event_decl* e = f == nullptr ? s.data.schema.event(name) : nullptr;
  if (f == nullptr && e == nullptr) return;  // unknown: reported where it is read
  const source_location& declared = f != nullptr ? f->where : e->where;
  const auto owner = s.module_of_file.find(declared.file);
  if (owner == s.module_of_file.end() || owner->second == s.module) return;
  s.error(where, "rules.foreign-fact",
          std::string(f != nullptr ? "fact '" : "event '") + std::string(name) + "' is declared by the module '" +
              owner->second + "' (" + location_text(declared) + "): " + "a pack of the module '" + s.module +
              "' may use only the core facts and events and its own; move it to the core schema (facts.toml)");
}

void check_across_packs(load_state& s) {
  check_ids(s);
  check_substitutes(s);
  check_chains(s);
  check_displacing(s);
  check_targets(s);
  check_exceptions(s);
  if (!has_errors(s.ds)) check_unused(s);
}

}  // namespace breachclock::rules_detail
