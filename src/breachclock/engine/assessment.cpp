// assess(): the status, deadline and trace of every duty of a rule set for a bound incident
// (engine/assessment.hpp). One pass over the duties, results built in place and sorted once;
// the trace and every list of names go into two buffers of the assessment.
#include "breachclock/engine/assessment.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>

#include "breachclock/facts/regions.hpp"
#include "engine/bound_data.hpp"
#include "engine/deadline_of.hpp"
#include "engine/journal_of.hpp"
#include "engine/proposed.hpp"
#include "engine/scope_of.hpp"
#include "engine/versions.hpp"

namespace breachclock {

namespace detail {

namespace {

using expr::truth;

// The scope question of a rule folder without regions.toml.
const std::string k_scope_question =
    "Which countries and regions does the incident reach (ISO 3166 codes, such as GB or CA-ON)?";

// The three-valued logic is expr's (breachclock/expr/truth.hpp).
using expr::negate;
truth known(bool b) { return expr::truth_of(b); }
using all_of = expr::conjunction;
using any_of = expr::disjunction;

// A range of one of the assessment's buffers, while they still grow.
struct range {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
};

}  // namespace

class assessor {
 public:
  assessor(const rule_set& rules, const bound_incident& b, instant as_of, const assess_options& options)
      : rules_(rules),
        bound_(b),
        data_(*b.data_),
        incident_(data_.source),
        as_of_(as_of),
        facts_(data_.facts),
        options_(options) {}

  assessment run() {
    // Only what the journal knew at as_of: cut, bound again.
    if (auto cut = cut_at(data_, rules_, as_of_)) return assessor(rules_, *cut, as_of_, options_).run();
    assessment a(rules_, bound_, as_of_);
    a.incident_id = incident_.id();
    a.incident_zone = incident_.home_zone();
    const std::vector<duty>& duties = duties_under(rules_, options_.proposed, view_);
    std::vector<decided_by> deciders;
    deciders.reserve(duties.size());
    a.obligations.reserve(duties.size());
    if (options_.trace) a.trace_.reserve(4 * duties.size());
    a.names_.reserve(2 * duties.size());
    applies_.reserve(rules_.regimes().size());
    // The duties of regimes outside the incident's scope are not assessed: only their indices are
    // kept, and their results are written, in id order, into the sorted list at the end.
    std::vector<outside_duty> outside;
    if (incident_.scope()) outside.reserve(duties.size());
    const regime* last_pack = nullptr;  // duties come in id order: a regime's, one after another
    int last_state = 1;
    for (std::size_t k = 0; k < duties.size(); ++k) {
      const duty& d = duties[k];
      if (incident_.scope()) {
        const regime* pack = d.versions.front().pack;
        if (pack != last_pack) last_state = scope_.decide(rules_, data_, *(last_pack = pack));
        if (last_state == 0 || (last_state == -1 && !scope_cache::covers_at(rules_, data_, *pack, scope_instant(d)))) {
          outside.push_back({static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(version_at(d, as_of_))});
          continue;
        }
      }
      a.obligations.push_back(assess_duty(a, d, deciders.emplace_back()));
    }
    // Their one trace step each, before any view of the trace is made.
    const std::size_t outside_trace = a.trace_.size();
    if (options_.trace) {
      for (const outside_duty& o : outside)
        a.trace_.push_back(scope_step(*duties[o.duty].versions.front().pack, false));
    }
    const range unknown_facts = unknown_fact_names(a);
    const range unknown_events = unknown_event_names(a);
    // The questions lay their lists out last, once the buffer has its final size: then every
    // view can be made.
    questions(a, deciders);
    auto names = [&a](range r) { return name_list(std::span(a.names_).subspan(r.begin, r.size)); };
    for (std::size_t k = 0; k < a.obligations.size(); ++k) {
      a.obligations[k].depends_on = names(deciders[k].depends_on);
      if (options_.trace)
        a.obligations[k].because = std::span(a.trace_).subspan(deciders[k].trace.begin, deciders[k].trace.size);
    }
    a.unknown_facts = names(unknown_facts);
    a.unknown_events = names(unknown_events);
    // By due (soonest first, none last), then id: duties come in id order, one duty per id.
    std::sort(a.obligations.begin(), a.obligations.end(), [](const obligation_result& x, const obligation_result& y) {
      const auto& dx = x.deadline.due;
      const auto& dy = y.deadline.due;
      if (dx.has_value() != dy.has_value()) return dx.has_value();
      if (dx && *dx != *dy) return *dx < *dy;
      return x.rule->id < y.rule->id;
    });
    if (!outside.empty()) {
      const auto steps = options_.trace ? std::span<const trace_entry>(a.trace_).subspan(outside_trace, outside.size())
                                        : std::span<const trace_entry>();
      merge_outside(a.obligations, duties, outside, incident_, steps);
    }
    if (options_.proposed == proposed_law::beside) place_beside(a.obligations, log_);
    if (!log_.anchors.empty()) {
      a.warnings.reserve(log_.anchors.size() + log_.text.size() + 2);
      fold_anchor_warnings(log_.anchors, a.warnings);
      a.warnings.insert(a.warnings.end(), std::make_move_iterator(log_.text.begin()),
                        std::make_move_iterator(log_.text.end()));
    } else {
      a.warnings = std::move(log_.text);
    }
    if (incident_.home_zone().is_utc()) {
      a.warnings.push_back("the incident's zone is " + incident_.home_zone().name() +
                           ": its local times are read as UTC, and its days are UTC days, not a place's");
    }
    plausibility_warnings(data_, as_of_, a.warnings);
    // A scope taken from the counts: said with the assessment, not only to the binder's caller.
    for (const diagnostic& w : data_.warnings) {
      if (w.code == "incident.scope-from-counts") a.warnings.push_back(w.message);
    }
    return a;
  }

 private:
  // The trace of the duty being assessed: the tail of the assessment's buffer from `begin`.
  struct trace_sink {
    std::vector<trace_entry>* buffer = nullptr;  // null: no trace is recorded
    std::size_t begin = 0;

    // Whether the trace already holds this step (same kind, condition text, reason and value): a
    // substitute's paths meet the same regime `applies` and conditions again, and each is told once.
    bool already_told(trace_entry::kind what, const std::string* condition, const std::string* because,
                      tri value) const {
      auto same = [](const std::string* x, const std::string* y) {
        return x == y || (x != nullptr && y != nullptr && *x == *y);
      };
      return std::any_of(buffer->begin() + static_cast<std::ptrdiff_t>(begin), buffer->end(),
                         [&](const trace_entry& e) {
                           return e.what == what && e.value == value && same(e.condition, condition) &&
                                  same(e.because, because);
                         });
    }
    // Records `e` unless the trace is off or `dedupe` and it is already told.
    void add(const trace_entry& e, bool dedupe = true) const {
      if (buffer == nullptr || (dedupe && already_told(e.what, e.condition, e.because, e.value))) return;
      buffer->push_back(e);
    }
  };

  truth regime_applies(const regime& r, const trace_sink& trace) {
    if (!r.applies) return known(true);
    const truth t = applies_of(r);
    if (trace.buffer == nullptr) return t;
    trace_entry e;
    e.what = trace_entry::kind::applies;
    e.value = t.value;
    e.condition = &r.applies->text();
    e.cite = &r.sources;
    trace.add(e);
    return t;
  }

  truth condition_step(const std::optional<expr::condition>& c, const std::vector<citation>& cite,
                       const trace_sink& trace) const {
    if (!c) return known(true);
    truth t = expr::evaluate(*c, facts_);
    if (trace.buffer == nullptr) return t;
    trace_entry e;
    e.what = trace_entry::kind::when;
    e.value = t.value;
    e.condition = &c->text();
    e.cite = &cite;
    trace.add(e);
    return t;
  }

  // An on-request duty applies once a request for it is recorded (by as_of: the journal is cut).
  truth request_step(const obligation& o, const trace_sink& trace) const {
    const request_entry* request = data_.journal(o.id).last_request;
    if (trace.buffer != nullptr) {
      trace_entry e;
      e.what = trace_entry::kind::requested;
      e.value = request != nullptr ? tri::yes : tri::no;
      if (request != nullptr) e.chosen_at = request->at;
      e.cite = &o.cite;
      trace.add(e);
    }
    return known(request != nullptr);
  }

  truth exception_step(const exception_rule& x, const trace_sink& trace) const {
    truth t = expr::evaluate(x.when, facts_);
    if (trace.buffer == nullptr) return negate(t);
    trace_entry e;
    e.what = trace_entry::kind::unless;
    e.value = t.value;
    e.condition = &x.when.text();
    e.because = &x.because;
    e.cite = &x.cite;
    trace.add(e);
    return negate(t);
  }

  // What decides an undetermined result: unknown facts (by index), and the event that decides
  // whether the rule is in force, if unknown. For the questions, without looking names up.
  // And where the duty's lists are in the assessment's buffers.
  struct decided_by {
    expr::fact_set facts;
    std::string_view event;
    const fact_decl* recipient = nullptr;  // the unknown fact that chooses the recipient
    range depends_on;
    range trace;
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

  obligation_result assess_duty(assessment& a, const duty& d, decided_by& deciders) {
    obligation_result out;
    const chosen_version c = choose_version(d, data_, as_of_);
    const duty_version& version = d.versions[c.index];
    const obligation& o = *version.rule;
    const regime& pack = *version.pack;
    out.rule = &o;
    out.pack = &pack;
    out.recipient = version.recipient;
    out.proposed = !o.proposed.empty();
    const trace_sink trace{options_.trace ? &a.trace_ : nullptr, a.trace_.size()};
    if (incident_.scope()) trace.add(scope_step(pack, true), false);
    if (o.to_by) choose_recipient(o, pack, out, deciders);

    all_of value;
    value.add(regime_applies(pack, trace));
    bool in_force_unknown = false;
    if (!o.effective.always() || !pack.effective.always()) {
      trace_entry e;
      e.what = trace_entry::kind::in_force;
      e.value = c.in_force;
      e.window = !o.effective.always() ? &o.effective : &pack.effective;
      e.chosen_at = c.at;
      e.chosen_by = c.by;
      trace.add(e, false);
      // An unknown window carries no fact: the event that decides it joins depends_on below.
      in_force_unknown = c.in_force == tri::unknown;
      value.add(in_force_unknown ? truth{tri::unknown, {}} : known(c.in_force == tri::yes));
      if (c.provisional && c.in_force == tri::yes) {
        warn({o.id, ": which version is in force depends on when '", c.event, "' happened; it is chosen by ", c.by,
              " (", format_utc(*c.at), ") for now"});
      }
    }
    value.add(condition_step(o.when, o.cite, trace));
    if (o.on_request) value.add(request_step(o, trace));
    if (!o.substitute) {
      const tri before = value.value.value;  // what decides whether a displacing exception displaces
      for (const exception_rule& x : o.unless) value.add(exception_step(x, trace));
      if (value.value.value == tri::no) out.displaced = displacement(o, facts_, before);
    } else {
      // A substitute applies where an obligation it replaces would, and a redirecting exception fires.
      any_of redirected;
      for (const duty_redirect& r : d.redirects) {
        all_of path;
        path.add(regime_applies(*r.pack, trace));
        path.add(condition_step(r.from->when, r.from->cite, trace));
        truth fires = expr::evaluate(r.exception->when, facts_);
        if (trace.buffer != nullptr) {
          trace_entry e;
          e.what = trace_entry::kind::instead_of;
          e.value = fires.value;
          e.condition = &r.exception->when.text();
          e.because = &r.exception->because;
          e.cite = &r.exception->cite;
          e.other = r.from;
          trace.add(e, false);
        }
        path.add(fires);
        for (const exception_rule& x : r.from->unless) {
          if (&x != r.exception && x.instead.empty()) path.add(exception_step(x, trace));
        }
        redirected.add(path.value);
      }
      value.add(redirected.value);
    }
    deciders.trace = {static_cast<std::uint32_t>(trace.begin),
                      static_cast<std::uint32_t>(a.trace_.size() - trace.begin)};

    switch (value.value.value) {
      case tri::yes: out.state = status::required; break;
      case tri::no: out.state = status::not_required; break;
      case tri::unknown: {
        out.state = status::undetermined;
        deciders.facts = value.value.unknown_facts;
        const std::size_t begin = a.names_.size();
        const std::vector<fact_decl>& facts = rules_.schema().facts();
        // The set bits only: a schema of a hundred modules has a thousand facts, a duty a few.
        for (std::size_t f = deciders.facts._Find_first(); f < facts.size(); f = deciders.facts._Find_next(f))
          a.names_.emplace_back(facts[f].name);
        if (in_force_unknown) {
          a.names_.push_back(c.event);
          deciders.event = c.event;
        }
        std::sort(a.names_.begin() + static_cast<std::ptrdiff_t>(begin), a.names_.end());
        deciders.depends_on = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(a.names_.size() - begin)};
        break;
      }
    }
    out.deadline = deadline_of(o, pack, out.recipient, out.state, rules_, data_, as_of_, log_);
    apply_filing(out, data_);  // the journal's first filing of it, if any (engine/journal.cpp)
    out.certainty = std::max(o.certainty, pack.certainty);  // primary < secondary < unconfirmed
    if (!out.recipient_depends_on.empty() && out.state != status::not_required &&
        (o.deadline.kind == deadline_kind::fixed || o.deadline.kind == deadline_kind::date)) {
      if (out.deadline.anchor && !out.deadline.due) {
        // Business days or a roll: the holidays are the recipient's.
        warn({o.id, ": the deadline needs the recipient's holiday calendar: it is computed once '",
              out.recipient_depends_on, "' is known"});
      } else if (!o.deadline.in_incident_zone) {
        warn({o.id, ": the recipient depends on '", out.recipient_depends_on, "'; the deadline is counted in ",
              pack.tz.name(), " (the zone of ", pack.id, ") until it is known"});
      }
    }
    return out;
  }

  // The questions, each with the obligations it decides (a list laid out in the names buffer).
  void questions(assessment& a, const std::vector<decided_by>& deciders) const {
    const fact_schema& schema = rules_.schema();
    std::vector<question>& out = a.questions;
    out.reserve(16);  // most incidents leave fewer open; more only grow the list
    // (question, obligation id) pairs; sorted and made unique below, then laid out.
    std::vector<std::pair<std::uint32_t, std::string_view>> pairs;
    pairs.reserve(2 * a.obligations.size());
    // Facts by index; events (few) by name. The sort below fixes the order.
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::array<std::uint32_t, k_max_facts> fact_question;
    std::fill_n(fact_question.begin(), schema.facts().size(), none);  // only the slots in use
    auto event_question = [&out, &schema](std::string_view name) -> std::uint32_t {
      for (std::size_t q = 0; q < out.size(); ++q) {
        if (out[q].is_event && out[q].name == name) return static_cast<std::uint32_t>(q);
      }
      question& q = out.emplace_back();
      q.name = schema.event(name)->name;
      q.is_event = true;
      q.text = &schema.event(name)->question;
      return static_cast<std::uint32_t>(out.size() - 1);
    };
    auto fact_decides = [&](std::size_t f, std::string_view id) {
      if (fact_question[f] == none) {
        fact_question[f] = static_cast<std::uint32_t>(out.size());
        question& q = out.emplace_back();
        q.name = schema.facts()[f].name;
        q.text = &schema.facts()[f].question;
      }
      pairs.emplace_back(fact_question[f], id);
    };
    const std::vector<fact_decl>& facts = schema.facts();
    if (!incident_.scope()) {
      // With no scope, every law is assessed, and where the incident reaches is asked first: it
      // decides every duty of a law that may apply.
      for (const obligation_result& r : a.obligations) {
        if (r.state == status::not_required || r.pack->jurisdiction.empty() || beside_only(r, options_.proposed))
          continue;
        if (out.empty()) {
          question& q = out.emplace_back();
          q.name = "scope";
          q.is_scope = true;
          q.text = schema.regions() != nullptr ? &schema.regions()->question() : &k_scope_question;
        }
        pairs.emplace_back(0, r.rule->id);
      }
    }
    for (std::size_t k = 0; k < a.obligations.size(); ++k) {
      const obligation_result& r = a.obligations[k];
      if (beside_only(r, options_.proposed)) continue;  // the questions are the law in force's
      // An unknown fact that chooses the recipient of an obligation that may apply.
      if (r.state != status::not_required && deciders[k].recipient != nullptr)
        fact_decides(deciders[k].recipient->index, r.rule->id);
      if (r.state == status::undetermined) {
        const expr::fact_set& unknown = deciders[k].facts;
        for (std::size_t f = unknown._Find_first(); f < facts.size(); f = unknown._Find_next(f))
          fact_decides(f, r.rule->id);
        // The event that decides whether a dated rule is in force.
        if (!deciders[k].event.empty()) pairs.emplace_back(event_question(deciders[k].event), r.rule->id);
      }
      // An unknown anchor decides the deadline of an obligation that may apply.
      const deadline_result& dl = r.deadline;
      if (r.state != status::not_required && !dl.from.empty() && (dl.provisional || !dl.anchor) &&
          dl.kind != deadline_kind::none && dl.from_kind == anchor_kind::event) {
        pairs.emplace_back(event_question(dl.from), r.rule->id);
      }
      // And every limit of a combined deadline still counted from an unknown event.
      for (const limit_result& l : dl.limits) {
        if (r.state != status::not_required && !l.lapsed && (l.provisional || !l.anchor) &&
            l.rule->from_kind == anchor_kind::event)
          pairs.emplace_back(event_question(l.rule->from), r.rule->id);
      }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    // The final size of the names buffer: no view made from here on moves.
    a.names_.reserve(a.names_.size() + pairs.size());
    for (std::size_t p = 0; p < pairs.size();) {
      const std::size_t begin = a.names_.size();
      const std::uint32_t q = pairs[p].first;
      for (; p < pairs.size() && pairs[p].first == q; ++p) a.names_.push_back(pairs[p].second);
      out[q].decides = name_list(std::span(a.names_).subspan(begin, a.names_.size() - begin));
    }
    std::sort(out.begin(), out.end(), [](const question& x, const question& y) {
      if (x.is_scope != y.is_scope) return x.is_scope;
      if (x.decides.size() != y.decides.size()) return x.decides.size() > y.decides.size();
      if (x.is_event != y.is_event) return !x.is_event;
      return x.name < y.name;
    });
  }

  // The facts and events the rules read and the incident does not give (assessment.hpp).
  // Whether a regime counts: the known facts do not rule it out.
  bool counts(const regime& r) {
    if (incident_.scope() && !in_scope(r)) return false;
    if (!r.proposed.empty() && options_.proposed != proposed_law::enact) return false;
    return !r.applies || applies_of(r).value != tri::no;
  }

  // Whether a regime may be within the scope (a union's: at some instant).
  bool in_scope(const regime& r) { return scope_.decide(rules_, data_, r) != 0; }

  // The instant at which a union's membership decides a duty's scope: that of the event that
  // chooses its version (effective.by), else its deadline's anchor, else as_of.
  instant scope_instant(const duty& d) const {
    const obligation& first = *d.versions.front().rule;
    return data_.anchor(!first.effective.by.empty() ? first.effective.by : anchor_event(first.deadline))
        .at.value_or(as_of_);
  }

  range unknown_fact_names(assessment& a) {
    const fact_schema& schema = rules_.schema();
    expr::fact_set read;
    for (const regime& r : rules_.regimes()) {
      if (!counts(r)) continue;  // a regime the known facts rule out rests on none of its unknown facts
      auto mark = [&read](const expr::condition& c) {
        for (std::size_t f : c.facts_used()) read.set(f);
      };
      if (r.applies) mark(*r.applies);
      for (const obligation& o : r.obligations) {
        if (!reads(rules_, o, options_.proposed)) continue;
        if (o.when) mark(*o.when);
        for (const exception_rule& x : o.unless) mark(x.when);
        if (o.to_by) {
          if (const fact_decl* chooser = schema.fact(o.to_by->by)) read.set(chooser->index);
        }
      }
    }
    const std::size_t begin = a.names_.size();
    // schema.facts() is sorted by name, so these come sorted.
    for (std::size_t f = 0; f < schema.facts().size(); ++f) {
      if (read.test(f) && !facts_.fact(f).known) a.names_.emplace_back(schema.facts()[f].name);
    }
    std::sort(a.names_.begin() + static_cast<std::ptrdiff_t>(begin), a.names_.end());
    return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(a.names_.size() - begin)};
  }

  range unknown_event_names(assessment& a) {
    const fact_schema& schema = rules_.schema();
    const std::size_t begin = a.names_.size();
    auto unknown = [&](std::string_view e) {
      if (!incident_.event(e)) a.names_.push_back(e);
    };
    for (const regime& r : rules_.regimes()) {
      if (!counts(r)) continue;
      auto mark = [&](const expr::condition& c) {
        for (std::size_t e : c.events_used()) {
          if (!bound_.event(e)) a.names_.emplace_back(schema.events()[e].name);
        }
      };
      if (r.applies) mark(*r.applies);
      for (const obligation& o : r.obligations) {
        if (!reads(rules_, o, options_.proposed)) continue;
        if (o.when) mark(*o.when);
        for (const exception_rule& x : o.unless) mark(x.when);
        if (o.deadline.from_kind == anchor_kind::event && !o.deadline.from.empty()) unknown(o.deadline.from);
        for (const deadline_limit& l : o.deadline.limits) {
          if (l.from_kind == anchor_kind::event) unknown(l.from);
        }
        if (!o.effective.by.empty()) unknown(o.effective.by);
      }
    }
    const auto first = a.names_.begin() + static_cast<std::ptrdiff_t>(begin);
    std::sort(first, a.names_.end());
    a.names_.erase(std::unique(first, a.names_.end()), a.names_.end());
    return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(a.names_.size() - begin)};
  }

  // A warning, made in one allocation (and the list's room for a few, on the first).
  void warn(std::initializer_list<std::string_view> pieces) { add_warning(log_.text, pieces); }

  // A regime's `applies`, evaluated once per assessment (its duties share it).
  truth applies_of(const regime& r) {
    for (const auto& [pack, t] : applies_) {
      if (pack == &r) return t;
    }
    return applies_.emplace_back(&r, expr::evaluate(*r.applies, facts_)).second;
  }

  const rule_set& rules_;
  const bound_incident& bound_;
  const bound_data& data_;
  const incident& incident_;
  instant as_of_;
  const expr::fact_table& facts_;
  assess_options options_;
  warning_log log_;
  std::vector<std::pair<const regime*, truth>> applies_;
  scope_cache scope_;
  std::vector<duty> view_;  // the duties under options_.proposed, when it is not exclude
};

}  // namespace detail

result<assessment> assess(const rule_set& rules, const bound_incident& b, instant as_of,
                          const assess_options& options) {
  if (&b.rules().schema() != &rules.schema()) {
    result<bound_incident> again = bind(rules, b.source());
    if (!again) return again.diagnostics();
    return assess(rules, *again, as_of, options);
  }
  try {
    return {detail::assessor(rules, b, as_of, options).run(), b.warnings()};
  } catch (const error& e) {  // a precondition of a lower layer: reported, not thrown (one failure mode)
    return e.diagnostics();
  }
}

result<assessment> assess(const rule_set& rules, const incident& i, instant as_of, const assess_options& options) {
  result<bound_incident> b = bind(rules, i);
  if (!b) return b.diagnostics();
  return assess(rules, *b, as_of, options);
}

}  // namespace breachclock
