// The incident value: its events and facts, and how it prints (the reading of incident files is
// facts/incident.cpp).
#include <ostream>

#include "breachclock/facts/incident.hpp"

namespace breachclock {

incident::incident(std::string id, zone home) : id_(std::move(id)), zone_(home) {}

void incident::set_event(std::string name, std::optional<instant> t) {
  if (t) events_.insert_or_assign(std::move(name), *t);
  else events_.erase(name);
}

std::optional<instant> incident::event(std::string_view name) const {
  auto it = events_.find(name);
  if (it == events_.end()) return std::nullopt;
  return it->second;
}

void incident::set_fact(std::string name, fact_value v) {
  if (v.is_known()) facts_.insert_or_assign(std::move(name), std::move(v));
  else facts_.erase(name);
}

const fact_value& incident::fact(std::string_view name) const {
  static const fact_value unknown;
  auto it = facts_.find(name);
  return it == facts_.end() ? unknown : it->second;
}

incident incident::from_file(const std::filesystem::path& path) { return from_file(path, bundled_fact_schema()); }

incident incident::from_file(const std::filesystem::path& path, const fact_schema& schema) {
  auto file = read_source_file(path);
  if (!file) throw error(file.diagnostics());
  auto parsed = parse_incident(*file, schema);
  if (!parsed) throw error(parsed.diagnostics());
  return std::move(*parsed);
}

std::ostream& operator<<(std::ostream& os, const incident& i) {
  os << "incident " << i.id() << " (" << i.home_zone().name() << ")";
  for (const auto& [name, t] : i.events()) os << "\n  " << name << " = " << format_utc(t);
  for (const auto& [name, v] : i.facts()) os << "\n  " << name << " = " << v;
  for (const learned_entry& e : i.learned()) {
    os << "\n  learned at " << format_utc(e.at) << ":";
    for (const auto& [name, v] : e.facts) os << ' ' << name << " = " << v << ';';
    for (const auto& [name, t] : e.events) os << ' ' << name << " = " << (t ? format_utc(*t) : "unknown") << ';';
  }
  for (const filing_entry& f : i.filings()) {
    os << "\n  filed " << f.obligation << " at " << format_utc(f.at);
    if (!f.reference.empty()) os << " (reference " << f.reference << ')';
  }
  for (const request_entry& r : i.requests()) os << "\n  requested " << r.obligation << " at " << format_utc(r.at);
  for (const delay_entry& d : i.delays()) {
    os << "\n  delayed " << d.obligation << " at " << format_utc(d.at);
    if (d.length) os << " for " << to_string(*d.length);
    if (d.until) os << " until " << format_utc(*d.until);
    if (d.written) os << " (in writing)";
  }
  return os;
}

}  // namespace breachclock
