#include "breachclock/engine/assessment.hpp"

#include <algorithm>
#include <limits>
#include <ostream>

namespace breachclock {

namespace {

using expr::truth;

// An as_of more than two years after every event of the incident is probably a typo (a record
// kept 24 months, an annual report due the next March, are all within it).
constexpr std::chrono::seconds k_plausible_as_of_gap = std::chrono::hours{24 * 731};

// The three-valued logic is expr's (breachclock/expr/truth.hpp).
using expr::negate;
truth known(bool b) { return expr::truth_of(b); }
using all_of = expr::conjunction;
using any_of = expr::disjunction;

struct anchor_found {
  std::optional<instant> at;
  std::string_view event;  // a name owned by the rules or the schema
  bool provisional = false;
};

// An event's instant, or its first known fallback's (provisional).
anchor_found find_anchor(const fact_schema& schema, const incident& i, std::string_view event) {
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

class assessor {
 public:
  assessor(const rule_set& rules, const incident& i, instant as_of)
      : rules_(rules), incident_(i), as_of_(as_of), facts_(rules.schema(), i) {
    anchors_.reserve(8);
    applies_.reserve(rules.regimes().size());
  }

  assessment run() {
    assessment a{rules_,
                 incident_.id(),
                 incident_.home_zone(),
                 as_of_,
                 {},
                 {},
                 {},
                 incident_.title(),
                 incident_.notes(),
                 incident_.events(),
                 incident_.facts(),
                 {},
                 {}};
    std::vector<obligation_result> results;
    const std::vector<duty>& duties = rules_.duties();
    std::vector<decided_by> deciders(duties.size());
    results.reserve(duties.size());
    for (std::size_t k = 0; k < duties.size(); ++k) results.push_back(assess_duty(duties[k], deciders[k]));
    a.questions = questions(results, deciders);
    // Sorted through indices (results are large to move), by due; duties come in id order, and
    // the sort is stable, so ties stay in id order.
    std::vector<std::size_t> order(results.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&results](std::size_t i, std::size_t j) {
      const obligation_result& x = results[i];
      const obligation_result& y = results[j];
      const auto& dx = x.deadline.due;
      const auto& dy = y.deadline.due;
      if (dx.has_value() != dy.has_value()) return dx.has_value();
      return dx && *dx < *dy;
    });
    a.obligations.reserve(results.size());
    for (std::size_t k : order) a.obligations.push_back(std::move(results[k]));
    unknown_premises(a);
    a.warnings = std::move(warnings_);
    if (incident_.home_zone().is_utc()) {
      a.warnings.push_back("the incident's zone is " + incident_.home_zone().name() +
                           ": its local times are read as UTC, and its days are UTC days, not a place's");
    }
    plausibility_warnings(a.warnings);
    return a;
  }

 private:
  // Times that are valid but probably mistyped: an event after as_of, an event before one of its
  // fallbacks (the schema's fallbacks come first: aware falls back to detected), and an as_of
  // far after every event.
  void plausibility_warnings(std::vector<std::string>& out) const {
    std::optional<instant> last;
    for (const auto& [name, t] : incident_.events()) {
      if (t > as_of_)
        out.push_back("event '" + name + "' (" + format_utc(t) + ") is after as_of (" + format_utc(as_of_) + ")");
      if (!last || t > *last) last = t;
      for (const std::string& earlier : rules_.schema().fallbacks(name)) {
        const std::optional<instant> e = incident_.event(earlier);
        if (e && *e > t) {
          out.push_back("event '" + name + "' (" + format_utc(t) + ") is before '" + earlier + "' (" + format_utc(*e) +
                        "), which cannot come after it: check both times");
        }
      }
    }
    if (last && as_of_ - *last > k_plausible_as_of_gap) {
      const auto days = std::chrono::duration_cast<std::chrono::hours>(as_of_ - *last).count() / 24;
      out.push_back("as_of (" + format_utc(as_of_) + ") is " + std::to_string(days) +
                    " days after the last event of the incident (" + format_utc(*last) +
                    "): is that the instant meant?");
    }
  }

  // The version of a duty in force, and the instant that chose it.
  struct chosen {
    std::size_t index = 0;
    std::optional<instant> at;
    std::string_view by;       // the event whose instant was used, or "as_of"
    std::string_view event;    // the event that chooses the version (empty: the rule in force at as_of)
    tri in_force = tri::yes;   // unknown: it depends on when `event` happened
    bool provisional = false;  // the version, not the status, depends on when `event` happened
  };

  // Whether some version of `d` (with its pack) is in force at `t`.
  static bool any_in_force(const duty& d, instant t) {
    return std::ranges::any_of(d.versions, [t](const duty_version& v) {
      return v.rule->effective.contains(t) && v.pack->effective.contains(t);
    });
  }

  // The version in force at `t`, or the nearest one (the earliest when `t` is before them all).
  static std::size_t version_at(const duty& d, instant t) {
    for (std::size_t v = 0; v < d.versions.size(); ++v) {
      if (d.versions[v].rule->effective.contains(t)) return v;
    }
    const auto first_from = d.versions.front().rule->effective.from;
    return first_from && t < *first_from ? 0 : d.versions.size() - 1;
  }

  chosen choose_version(const duty& d) {
    chosen c;
    if (d.versions.size() == 1 && d.versions[0].rule->effective.always() && d.versions[0].pack->effective.always())
      return c;
    // The event that chooses: effective.by, else the deadline's anchor (versions agree on `by`;
    // each version may have its own anchor). With neither, the rule in force at as_of.
    const obligation& first = *d.versions.front().rule;
    c.event = !first.effective.by.empty() ? first.effective.by : first.deadline.from;
    const anchor_found found = anchor(c.event);
    c.at = found.at.value_or(as_of_);
    c.by = found.at ? found.event : std::string_view("as_of");
    c.index = version_at(d, *c.at);
    c.in_force = any_in_force(d, *c.at) ? tri::yes : tri::no;
    if (c.event.empty() || (found.at && !found.provisional)) return c;

    // The event itself is unknown: it happened after the fallback used (fallbacks are earlier
    // events), if any, and no later than as_of. Where a window starts or ends in that span, the
    // answer may differ across it.
    const instant lower = found.at.value_or(instant::min());
    bool some_in = false;
    bool some_out = false;
    const std::size_t first_version = version_at(d, lower == instant::min() ? as_of_ : lower);
    bool versions_differ = false;
    auto probe = [&](instant t) {
      (any_in_force(d, t) ? some_in : some_out) = true;
      if (version_at(d, t) != first_version) versions_differ = true;
    };
    probe(lower == instant::min() ? as_of_ : lower);
    probe(as_of_);
    for (const duty_version& v : d.versions) {
      for (const effective_window* w : {&v.rule->effective, &v.pack->effective}) {
        for (const auto& b : {w->from, w->until}) {
          if (!b || *b <= lower || *b > as_of_) continue;
          probe(*b);
          if (*b > instant::min() + std::chrono::seconds{1}) probe(*b - std::chrono::seconds{1});
        }
      }
    }
    if (some_in && some_out) c.in_force = tri::unknown;
    c.provisional = versions_differ;
    return c;
  }

  // Whether `trace` already holds this step (same kind, condition text, reason and value): a
  // substitute's paths meet the same regime `applies` and conditions again, and each is told once.
  static bool already_told(const std::vector<trace_entry>& trace, trace_entry::kind what, const std::string* condition,
                           const std::string* because, tri value) {
    auto same = [](const std::string* x, const std::string* y) {
      return x == y || (x != nullptr && y != nullptr && *x == *y);
    };
    return std::any_of(trace.begin(), trace.end(), [&](const trace_entry& e) {
      return e.what == what && e.value == value && same(e.condition, condition) && same(e.because, because);
    });
  }

  truth regime_applies(const regime& r, std::vector<trace_entry>& trace) {
    if (!r.applies) return known(true);
    const truth t = applies_of(r);
    if (already_told(trace, trace_entry::kind::applies, &r.applies->text(), nullptr, t.value)) return t;
    trace_entry e;
    e.what = trace_entry::kind::applies;
    e.value = t.value;
    e.condition = &r.applies->text();
    e.cite = &r.sources;
    trace.push_back(e);
    return t;
  }

  truth condition_step(const std::optional<expr::condition>& c, const std::vector<citation>& cite,
                       std::vector<trace_entry>& trace) {
    if (!c) return known(true);
    truth t = expr::evaluate(*c, facts_);
    if (already_told(trace, trace_entry::kind::when, &c->text(), nullptr, t.value)) return t;
    trace_entry e;
    e.what = trace_entry::kind::when;
    e.value = t.value;
    e.condition = &c->text();
    e.cite = &cite;
    trace.push_back(e);
    return t;
  }

  truth exception_step(const exception_rule& x, std::vector<trace_entry>& trace) {
    truth t = expr::evaluate(x.when, facts_);
    if (already_told(trace, trace_entry::kind::unless, &x.when.text(), &x.because, t.value)) return negate(t);
    trace_entry e;
    e.what = trace_entry::kind::unless;
    e.value = t.value;
    e.condition = &x.when.text();
    e.because = &x.because;
    e.cite = &x.cite;
    trace.push_back(e);
    return negate(t);
  }

  // What decides an undetermined result: unknown facts (by index), and the event that decides
  // whether the rule is in force, if unknown. For the questions, without looking names up.
  struct decided_by {
    expr::fact_set facts;
    std::string_view event;
    const fact_decl* recipient = nullptr;  // the unknown fact that chooses the recipient
  };

  // A recipient chosen by a fact: the authority its value maps to, or (unknown) none yet.
  void choose_recipient(const obligation& o, const regime& pack, obligation_result& out, decided_by& deciders) const {
    const recipient_choice& choice = *o.to_by;
    const std::string* value = incident_.fact(choice.by).as_string();
    const std::string* id = value != nullptr ? choice.authority_for(*value) : nullptr;
    if (id != nullptr) {
      out.recipient = pack.find_authority(*id);
    } else {
      out.recipient_depends_on = choice.by;
      deciders.recipient = rules_.schema().fact(choice.by);
    }
  }

  obligation_result assess_duty(const duty& d, decided_by& deciders) {
    obligation_result out;
    const chosen c = choose_version(d);
    const duty_version& version = d.versions[c.index];
    const obligation& o = *version.rule;
    const regime& pack = *version.pack;
    out.rule = &o;
    out.pack = &pack;
    out.recipient = version.recipient;
    if (o.to_by) choose_recipient(o, pack, out, deciders);
    out.because.reserve(4 + o.unless.size() + 4 * d.redirects.size());

    all_of value;
    value.add(regime_applies(pack, out.because));
    bool in_force_unknown = false;
    if (!o.effective.always() || !pack.effective.always()) {
      trace_entry e;
      e.what = trace_entry::kind::in_force;
      e.value = c.in_force;
      e.window = !o.effective.always() ? &o.effective : &pack.effective;
      e.chosen_at = c.at;
      e.chosen_by = c.by;
      out.because.push_back(e);
      // An unknown window carries no fact: the event that decides it joins depends_on below.
      in_force_unknown = c.in_force == tri::unknown;
      value.add(in_force_unknown ? truth{tri::unknown, {}} : known(c.in_force == tri::yes));
      if (c.provisional && c.in_force == tri::yes) {
        warnings_.push_back(o.id + ": which version is in force depends on when '" + std::string(c.event) +
                            "' happened; it is chosen by " + std::string(c.by) + " (" + format_utc(*c.at) +
                            ") for now");
      }
    }
    if (!o.substitute) {
      value.add(condition_step(o.when, o.cite, out.because));
      for (const exception_rule& x : o.unless) value.add(exception_step(x, out.because));
    } else {
      value.add(condition_step(o.when, o.cite, out.because));
      // A substitute applies where an obligation it replaces would, and a redirecting exception fires.
      any_of redirected;
      for (const duty_redirect& r : d.redirects) {
        all_of path;
        path.add(regime_applies(*r.pack, out.because));
        path.add(condition_step(r.from->when, r.from->cite, out.because));
        truth fires = expr::evaluate(r.exception->when, facts_);
        trace_entry e;
        e.what = trace_entry::kind::instead_of;
        e.value = fires.value;
        e.condition = &r.exception->when.text();
        e.because = &r.exception->because;
        e.cite = &r.exception->cite;
        e.other = r.from;
        out.because.push_back(e);
        path.add(fires);
        for (const exception_rule& x : r.from->unless) {
          if (&x != r.exception && x.instead.empty()) path.add(exception_step(x, out.because));
        }
        redirected.add(path.value);
      }
      value.add(redirected.value);
    }

    switch (value.value.value) {
      case tri::yes: out.state = status::required; break;
      case tri::no: out.state = status::not_required; break;
      case tri::unknown:
        out.state = status::undetermined;
        deciders.facts = value.value.unknown_facts;
        for (std::size_t f : expr::members(value.value.unknown_facts)) {
          out.depends_on.push_back(rules_.schema().facts()[f].name);
        }
        if (in_force_unknown) {
          out.depends_on.emplace_back(c.event);
          deciders.event = c.event;
        }
        std::sort(out.depends_on.begin(), out.depends_on.end());
        break;
    }
    out.deadline = deadline_of(o, pack, out.recipient, out.state);
    out.certainty = std::max(o.certainty, pack.certainty);  // primary < secondary < unconfirmed
    if (!out.recipient_depends_on.empty() && out.state != status::not_required &&
        (o.deadline.kind == deadline_kind::fixed || o.deadline.kind == deadline_kind::date)) {
      if (out.deadline.anchor && !out.deadline.due) {
        // Business days or a roll: the holidays are the recipient's.
        warnings_.push_back(o.id + ": the deadline needs the recipient's holiday calendar: it is computed once '" +
                            out.recipient_depends_on + "' is known");
      } else if (!o.deadline.in_incident_zone) {
        warnings_.push_back(o.id + ": the recipient depends on '" + out.recipient_depends_on +
                            "'; the deadline is counted in " + std::string(pack.tz.name()) + " (the zone of " +
                            pack.id + ") until it is known");
      }
    }
    return out;
  }

  deadline_result deadline_of(const obligation& o, const regime& pack, const authority* to, status state) {
    const deadline_spec& spec = o.deadline;
    deadline_result dl;
    dl.kind = spec.kind;
    dl.from = spec.from;
    dl.text = &spec.text;
    dl.tz = spec.in_incident_zone ? incident_.home_zone() : (to != nullptr ? to->tz : pack.tz);
    const holiday_calendar* cal = to != nullptr ? to->calendar : nullptr;
    const anchor_found from_event = anchor(spec.from);
    dl.anchor = from_event.at;
    dl.anchor_event = from_event.event;
    dl.provisional = from_event.provisional;
    const bool may_apply = state != status::not_required;

    if (dl.anchor) {
      std::optional<result<deadline>> computed;
      if ((spec.kind == deadline_kind::fixed || spec.kind == deadline_kind::retention) && spec.period) {
        computed = compute_deadline(*dl.anchor, *spec.period, dl.tz, cal);
      } else if (spec.kind == deadline_kind::date && spec.fixed_date) {
        computed = compute_fixed_date(*dl.anchor, *spec.fixed_date, dl.tz, cal);
      }
      if (computed && *computed) {
        const deadline& got = **computed;
        dl.due = got.due;
        dl.due_date = got.due_date;
        if (got.counting_from != *dl.anchor) dl.counting_from = got.counting_from;
        dl.rolled_from = got.rolled_from;
        dl.warnings = got.warnings;
      } else if (computed) {
        // Fail closed: a deadline that cannot be computed (past 9999-12-31, ...) is said, not dropped.
        for (const diagnostic& d : computed->diagnostics())
          dl.warnings.push_back("no deadline could be computed: " + d.message);
      }
    }
    // A policy overlay's internal target.
    for (const policy_target& t : rules_.targets()) {
      const bool named = std::find(t.obligations.begin(), t.obligations.end(), o.id) != t.obligations.end();
      if (!named && !(t.all_soft && spec.kind == deadline_kind::soft)) continue;
      const anchor_found from = t.from.empty() ? from_event : anchor(t.from);
      dl.target = &t;
      if (from.at) {
        if (auto computed = compute_deadline(*from.at, t.within, dl.tz, cal)) dl.target_due = computed->due;
        else
          for (const diagnostic& d : computed.diagnostics())
            dl.warnings.push_back("no internal target could be computed: " + d.message);
      }
      break;
    }
    if (spec.kind == deadline_kind::retention && dl.provisional) {
      // A fallback anchor is earlier than the real one, so the end of a retention period counted
      // from it would come too early: give no end until the anchor itself is known.
      dl.due.reset();
      dl.due_date.reset();
      dl.rolled_from.reset();
    }
    if (!may_apply) {
      // A duty that does not apply has no deadline; the anchor is kept for the explanation.
      dl.due.reset();
      dl.due_date.reset();
      dl.counting_from.reset();
      dl.rolled_from.reset();
      dl.target_due.reset();
      dl.warnings.clear();
    }
    if (may_apply) {
      if (dl.due) {
        dl.remaining_seconds = (*dl.due - as_of_).count();
        dl.overdue = spec.kind != deadline_kind::retention && as_of_ > *dl.due;
      }
      if (dl.provisional && spec.kind == deadline_kind::retention) {
        warnings_.push_back(o.id + ": '" + spec.from + "' is not known, and '" + dl.anchor_event +
                            "' would end the retention period too early: keep the record until '" + spec.from +
                            "' is known");
      } else if (dl.provisional) {
        warnings_.push_back(o.id + ": '" + spec.from + "' is not known; the deadline is counted from '" +
                            dl.anchor_event + "' for now (provisional)");
      } else if (!dl.anchor && !spec.from.empty() && spec.kind != deadline_kind::soft) {
        warnings_.push_back(o.id + ": '" + spec.from +
                            "' is not known, nor any fallback: no deadline can be computed yet");
      }
      for (const std::string& w : dl.warnings) warnings_.push_back(o.id + ": " + w);
    }
    return dl;
  }

  std::vector<question> questions(const std::vector<obligation_result>& results,
                                  const std::vector<decided_by>& deciders) const {
    const fact_schema& schema = rules_.schema();
    std::vector<question> out;
    // Facts by index; events (few) by name. The sort below fixes the order.
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> fact_question(schema.facts().size(), none);
    auto event_question = [&out, &schema](std::string_view name) -> question& {
      for (question& q : out) {
        if (q.is_event && q.name == name) return q;
      }
      question& q = out.emplace_back();
      q.name = std::string(name);
      q.is_event = true;
      q.text = &schema.event(name)->question;
      return q;
    };
    auto fact_decides = [&](std::size_t f, const std::string& id) {
      if (fact_question[f] == none) {
        fact_question[f] = out.size();
        question& q = out.emplace_back();
        q.name = schema.facts()[f].name;
        q.text = &schema.facts()[f].question;
      }
      out[fact_question[f]].decides.push_back(id);
    };
    for (std::size_t k = 0; k < results.size(); ++k) {
      const obligation_result& r = results[k];
      // An unknown fact that chooses the recipient of an obligation that may apply.
      if (r.state != status::not_required && deciders[k].recipient != nullptr)
        fact_decides(deciders[k].recipient->index, r.rule->id);
      if (r.state == status::undetermined) {
        for (std::size_t f : expr::members(deciders[k].facts)) fact_decides(f, r.rule->id);
        // The event that decides whether a dated rule is in force.
        if (!deciders[k].event.empty()) event_question(deciders[k].event).decides.push_back(r.rule->id);
      }
      // An unknown anchor decides the deadline of an obligation that may apply.
      const deadline_result& dl = r.deadline;
      if (r.state != status::not_required && !dl.from.empty() && (dl.provisional || !dl.anchor) &&
          dl.kind != deadline_kind::none) {
        event_question(dl.from).decides.push_back(r.rule->id);
      }
    }
    for (question& q : out) {
      std::sort(q.decides.begin(), q.decides.end());
      q.decides.erase(std::unique(q.decides.begin(), q.decides.end()), q.decides.end());
    }
    std::stable_sort(out.begin(), out.end(), [](const question& a, const question& b) {
      if (a.decides.size() != b.decides.size()) return a.decides.size() > b.decides.size();
      if (a.is_event != b.is_event) return !a.is_event;
      return a.name < b.name;
    });
    return out;
  }

  // The facts and events the rules read and the incident does not give (assessment.hpp).
  void unknown_premises(assessment& a) {
    const fact_schema& schema = rules_.schema();
    std::vector<bool> fact_read(schema.facts().size(), false);
    std::vector<std::string> events;
    auto read = [&](const expr::condition& c) {
      for (std::size_t f : c.facts_used()) fact_read[f] = true;
      for (std::size_t e : c.events_used()) events.push_back(schema.events()[e].name);
    };
    for (const regime& r : rules_.regimes()) {
      // A regime the known facts rule out rests on none of its unknown facts.
      if (r.applies && applies_of(r).value == tri::no) continue;
      if (r.applies) read(*r.applies);
      for (const obligation& o : r.obligations) {
        if (o.when) read(*o.when);
        for (const exception_rule& x : o.unless) read(x.when);
        if (!o.deadline.from.empty()) events.push_back(o.deadline.from);
        if (!o.effective.by.empty()) events.push_back(o.effective.by);
        if (o.to_by) {
          if (const fact_decl* chooser = schema.fact(o.to_by->by)) fact_read[chooser->index] = true;
        }
      }
    }
    for (std::size_t f = 0; f < fact_read.size(); ++f) {
      if (fact_read[f] && !incident_.fact(schema.facts()[f].name).is_known())
        a.unknown_facts.push_back(schema.facts()[f].name);
    }
    std::sort(a.unknown_facts.begin(), a.unknown_facts.end());
    for (const std::string& e : events) {
      if (!incident_.event(e)) a.unknown_events.push_back(e);
    }
    std::sort(a.unknown_events.begin(), a.unknown_events.end());
    a.unknown_events.erase(std::unique(a.unknown_events.begin(), a.unknown_events.end()), a.unknown_events.end());
  }

  // A regime's `applies`, evaluated once per assessment (its duties share it).
  truth applies_of(const regime& r) {
    for (const auto& [pack, t] : applies_) {
      if (pack == &r) return t;
    }
    return applies_.emplace_back(&r, expr::evaluate(*r.applies, facts_)).second;
  }

  // The anchor of an event, found once per assessment (duties share a few events).
  anchor_found anchor(std::string_view event) {
    for (const auto& a : anchors_) {
      if (a.first == event) return a.second;
    }
    anchors_.emplace_back(event, find_anchor(rules_.schema(), incident_, event));
    return anchors_.back().second;
  }

  const rule_set& rules_;
  const incident& incident_;
  instant as_of_;
  expr::fact_table facts_;
  std::vector<std::string> warnings_;
  std::vector<std::pair<std::string_view, anchor_found>> anchors_;
  std::vector<std::pair<const regime*, truth>> applies_;
};

}  // namespace

result<assessment> assess(const rule_set& rules, const incident& i, instant as_of) {
  std::vector<diagnostic> found = validate(i, rules.schema());
  if (has_errors(found)) return found;
  try {
    return {assessor(rules, i, as_of).run(), std::move(found)};
  } catch (const error& e) {  // a precondition of a lower layer: reported, not thrown (one failure mode)
    return e.diagnostics();
  }
}

}  // namespace breachclock
