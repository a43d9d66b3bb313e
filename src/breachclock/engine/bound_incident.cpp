// bind(): an incident checked against a rule set's schema once, ready for many assessments
// (engine/assessment.hpp). The one place that validates and fills the fact table.
#include <algorithm>

#include "breachclock/engine/assessment.hpp"
#include "detail/text.hpp"
#include "engine/bound_data.hpp"

namespace breachclock {

namespace {

// An event's instant, or its first known fallback's (provisional).
detail::anchor_found find_anchor(const fact_schema& schema, const incident& i, std::string_view event) {
  if (event.empty()) return {};
  if (auto t = i.event(event)) return {t, event, false};
  // The chain of fallbacks (aware -> detected -> occurred); the schema rejects loops, and the
  // count bounds the walk all the same.
  const event_decl* e = schema.event(event);
  for (std::size_t hops = 0; e != nullptr && !e->fallback.empty() && hops < schema.events().size(); ++hops) {
    if (auto t = i.event(e->fallback)) return {t, e->fallback, true};
    e = schema.event(e->fallback);
  }
  return {std::nullopt, event, false};
}

// Every obligation the journal names ([[filed]], [[requested]], [[delayed]]) is one of the rule
// set's, and one that a [[delayed]] entry names has a delay its law allows: incident.journal
// errors, with did-you-mean, at the entry.
std::vector<diagnostic> check_journal(const rule_set& rules, const incident& i) {
  std::vector<diagnostic> out;
  if (i.filings().empty() && i.requests().empty() && i.delays().empty()) return out;
  std::vector<std::string> ids = rules.obligation_ids();
  for (const duty& d : rules.proposed_duties()) ids.push_back(d.id);
  std::sort(ids.begin(), ids.end());
  auto check = [&](const std::string& id, const source_location& where, const char* section) {
    if (std::binary_search(ids.begin(), ids.end(), id)) return;
    out.push_back(make_error("incident.journal", where,
                             std::string("the ") + section + " entry names '" + detail::excerpt(id) +
                                 "', which is not an obligation of the rules" + detail::did_you_mean(id, ids)));
  };
  for (const filing_entry& f : i.filings()) check(f.obligation, f.where, "filed");
  for (const request_entry& r : i.requests()) check(r.obligation, r.where, "requested");
  for (const delay_entry& d : i.delays()) {
    const std::size_t before = out.size();
    check(d.obligation, d.where, "delayed");
    if (out.size() != before) continue;
    const std::vector<const obligation*> versions = rules.versions(d.obligation);
    if (std::none_of(versions.begin(), versions.end(), [](const obligation* o) { return o->delay.has_value(); })) {
      // Fail closed: a delay the rules do not model would silently leave the deadline as it is.
      out.push_back(make_error("incident.journal", d.where,
                               "the delayed entry names '" + detail::excerpt(d.obligation) +
                                   "', whose rules allow no delay (its obligation has no delay = { ... })"));
    }
  }
  sort_by_location(out);
  return out;
}

}  // namespace

namespace detail {

anchor_found bound_data::anchor(std::string_view event) const {
  if (event.empty()) return {};
  if (const event_decl* e = rules.schema().event(event)) {
    return events[static_cast<std::size_t>(e - rules.schema().events().data())].anchor;
  }
  return find_anchor(rules.schema(), source, event);  // a name the schema lacks: nothing known
}

bound_data::journal_of bound_data::journal(std::string_view id) const {
  journal_of out;
  for (const filing_entry& f : source.filings()) {
    if (f.obligation != id) continue;
    if (out.first_filing == nullptr) out.first_filing = &f;
    out.last_filing = &f;
  }
  for (const request_entry& r : source.requests()) {
    if (r.obligation == id) out.last_request = &r;
  }
  for (const delay_entry& d : source.delays()) {
    if (d.obligation == id) out.delays.push_back(&d);
  }
  return out;
}

}  // namespace detail

// As given: with a journal, the engine reads data_->source, the incident with it laid over.
const incident& bound_incident::source() const noexcept {
  return data_->as_given != nullptr ? *data_->as_given : data_->source;
}
const rule_set& bound_incident::rules() const noexcept { return data_->rules; }
const expr::fact_table& bound_incident::facts() const noexcept { return data_->facts; }
const std::vector<diagnostic>& bound_incident::warnings() const noexcept { return data_->warnings; }
std::optional<instant> bound_incident::event(std::size_t index) const noexcept {
  if (index >= data_->events.size()) return std::nullopt;
  return data_->events[index].at;
}

namespace {

// Where no scope is given, the jurisdictions the incident's counts name decide it: every region
// code of a family of counts ([affected] US-TX = ...) whose people are not known to be none.
// Nothing when no count names a region (then the scope stays the first question).
std::optional<std::vector<std::string>> scope_from_counts(const incident& i, const fact_schema& schema) {
  std::vector<std::string> codes;
  for (const auto& [name, v] : i.facts()) {
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos || schema.family(std::string_view(name).substr(0, dot)) == nullptr) continue;
    const std::string code = name.substr(dot + 1);
    if (code == "total" || code.starts_with("most.")) continue;
    const count_range* r = v.as_range();
    const std::int64_t* n = v.as_int();
    if ((n != nullptr && *n == 0) || (r != nullptr && r->max && *r->max == 0)) continue;  // none there
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  if (codes.empty()) return std::nullopt;
  return codes;
}

}  // namespace

result<bound_incident> bind(const rule_set& rules, const incident& i) { return bind(rules, incident(i)); }

result<bound_incident> bind(const rule_set& rules, incident&& i) {
  // An incident with a journal is bound as its journal leaves it (every entry laid over it):
  // assessed at or after its last entry, nothing is cut (engine/journal.cpp).
  std::shared_ptr<const incident> as_given;
  if (i.has_journal()) {
    as_given = std::make_shared<const incident>(std::move(i));
    i = as_given->known_at(latest_instant);
  }
  // One pass: fact_table::bind checks the incident as validate() does and fills the slots and
  // the event instants.
  const fact_schema& schema = rules.schema();
  result<expr::fact_table> table = expr::fact_table::bind(schema, i);
  if (!table) return std::move(table).take_diagnostics();
  if (std::vector<diagnostic> wrong = check_journal(rules, i); !wrong.empty()) return wrong;
  try {
    std::vector<diagnostic> found = table.diagnostics();
    if (!i.scope()) {
      if (auto codes = scope_from_counts(i, schema)) {
        found.push_back(make_warning("incident.scope-from-counts", {},
                                     "no scope is given: it is taken from the jurisdictions the counts of people "
                                     "affected name (" +
                                         detail::join(*codes, ", ") + ")"));
        if (as_given != nullptr) {  // the incident as given says the same scope in every report
          incident given = *as_given;
          given.set_scope(codes);
          as_given = std::make_shared<const incident>(std::move(given));
        }
        i.set_scope(std::move(codes));
      }
    }
    auto d = std::make_shared<detail::bound_data>(rules, std::move(i), std::move(table).value(), found);
    d->as_given = std::move(as_given);
    d->events.reserve(schema.events().size());
    for (std::size_t k = 0; k < schema.events().size(); ++k) {
      d->events.push_back({d->facts.event(k), find_anchor(schema, d->source, schema.events()[k].name)});
    }
    // The plausibility of the incident's own times (engine/assessment.cpp says which), in the
    // incident's order: those that do not depend on as_of are made here, once.
    d->timeline.reserve(d->source.events().size());
    for (const auto& [name, t] : d->source.events()) {
      detail::bound_data::timed& entry = d->timeline.emplace_back();
      entry.name = name;
      entry.at = t;
      for (const std::string& earlier : schema.fallbacks(name)) {
        const std::optional<instant> e = d->source.event(earlier);
        if (e && *e > t) {
          entry.before_fallback.push_back("event '" + name + "' (" + format_utc(t) + ") is before '" + earlier + "' (" +
                                          format_utc(*e) + "), which cannot come after it: check both times");
        }
      }
      if (!d->last_event || t > *d->last_event) d->last_event = t;
    }
    return {bound_incident(std::move(d)), std::move(found)};
  } catch (const error& e) {  // a precondition of a lower layer: reported, not thrown (one failure mode)
    return e.diagnostics();
  }
}

}  // namespace breachclock
