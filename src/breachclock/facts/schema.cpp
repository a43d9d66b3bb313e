#include "breachclock/facts/schema.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "breachclock/facts/regions.hpp"
#include "detail/doc_reader.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace {

constexpr std::array<std::string_view, 9> k_reserved{"and",   "or",    "not",    "in",    "true",
                                                     "false", "known", "any_of", "all_of"};

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z'))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// Checks a declared name; reports at the key.
bool check_name(detail::doc_reader& parent, std::string_view name, std::string_view what) {
  if (!is_identifier(name)) {
    parent.error_at_key(name, "schema.name",
                        std::string(what) + " name '" + detail::excerpt(name) +
                            "' must be a lower-case identifier (a-z, 0-9, _; at most 64 characters), as conditions use "
                            "it");
    return false;
  }
  if (std::find(k_reserved.begin(), k_reserved.end(), name) != k_reserved.end()) {
    parent.error_at_key(name, "schema.name",
                        "'" + std::string(name) + "' is a word of the condition language and cannot name " +
                            std::string(what == "event" ? "an event" : "a fact"));
    return false;
  }
  return true;
}

}  // namespace

const char* to_string(fact_type t) noexcept {
  switch (t) {
    case fact_type::boolean: return "bool";
    case fact_type::integer: return "int";
    case fact_type::enumeration: return "enum";
    case fact_type::set: return "set";
    case fact_type::text: return "text";
  }
  return "bool";
}

std::ostream& operator<<(std::ostream& os, fact_type t) { return os << to_string(t); }

namespace {

// FNV-1a, 64 bits.
std::uint64_t name_hash(std::string_view name) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// A table of at least twice as many slots as names (a power of two), each name at its hash or
// after it (linear probing).
template <class Decl>
std::vector<std::uint32_t> hash_names(const std::vector<Decl>& decls) {
  std::size_t size = 8;
  while (size < 2 * decls.size()) size *= 2;
  std::vector<std::uint32_t> slots(size, 0);
  for (std::size_t i = 0; i < decls.size(); ++i) {
    std::size_t at = name_hash(decls[i].name) & (size - 1);
    while (slots[at] != 0) at = (at + 1) & (size - 1);
    slots[at] = static_cast<std::uint32_t>(i + 1);
  }
  return slots;
}

template <class Decl>
const Decl* find_name(const std::vector<Decl>& decls, const std::vector<std::uint32_t>& slots,
                      std::string_view name) noexcept {
  if (slots.empty()) return nullptr;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t at = name_hash(name) & mask; slots[at] != 0; at = (at + 1) & mask) {
    const Decl& d = decls[slots[at] - 1];
    if (d.name == name) return &d;
  }
  return nullptr;
}

}  // namespace

const fact_decl* fact_schema::fact(std::string_view name) const noexcept {
  if (const fact_decl* f = find_name(facts_, fact_slots_, name)) return f;
  for (const auto& [alias, index] : aliases_) {
    if (alias == name) return &facts_[index];
  }
  return nullptr;
}

const count_family* fact_schema::family(std::string_view name) const noexcept {
  for (const count_family& f : families_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const event_decl* fact_schema::event(std::string_view name) const noexcept {
  return find_name(events_, event_slots_, name);
}

std::vector<std::string> fact_schema::fallbacks(std::string_view name) const {
  std::vector<std::string> chain;
  const event_decl* e = event(name);
  while (e != nullptr && !e->fallback.empty() && chain.size() < events_.size()) {
    chain.push_back(e->fallback);
    e = event(e->fallback);
  }
  return chain;
}

std::vector<std::string> fact_schema::names() const {
  std::vector<std::string> out;
  out.reserve(facts_.size() + events_.size());
  for (const fact_decl& f : facts_) out.push_back(f.name);
  for (const event_decl& e : events_) out.push_back(e.name);
  return out;
}

// Builds one schema from the declarations of one or more files (core first, then modules').
class fact_schema_builder {
 public:
  void add(std::string_view text, std::string_view path);
  result<fact_schema> build() &&;

 private:
  // Reads the declarations of one file into `schema` (appended, not yet sorted or checked
  // across names); false when the file does not parse.
  // `core`: the first file, which must have both [event] and [fact] tables (a module's may
  // have either).
  // A member of a family of counts that a file's [counts] declares.
  struct member {
    std::string family;
    std::string key;  // a region code, or "most.<country>"
    source_location where;
  };
  static bool read_declarations(std::string_view text, std::string_view path, fact_schema& schema,
                                std::vector<diagnostic>& ds, bool core, std::vector<member>& members);
  static void read_counts(detail::doc_reader& top, const detail::doc_value& root, fact_schema& schema,
                          std::vector<diagnostic>& ds, std::vector<member>& members);
  static void add_members(fact_schema& schema, const std::vector<member>& members, std::vector<diagnostic>& ds);
  static result<fact_schema> finish(fact_schema schema, std::vector<diagnostic> ds,
                                    const std::vector<std::string>& paths);
  std::vector<member> members_;
  fact_schema schema_;
  std::vector<diagnostic> ds_;
  std::vector<std::string> paths_;  // in the order added
};

void fact_schema_builder::read_counts(detail::doc_reader& top, const detail::doc_value& root, fact_schema& schema,
                                      std::vector<diagnostic>& ds, std::vector<member>& members) {
  if (const detail::doc_value* families = top.table("count", false)) {
    detail::doc_reader cr(*families, ds, "[count]");
    for (const detail::doc_member& m : families->members) {
      cr.get(m.key);
      if (!check_name(cr, m.key, "fact")) continue;
      if (m.value.type != detail::doc_value::kind::object) {
        cr.wrong_type(m.value, m.key, cr.table_word());
        continue;
      }
      detail::doc_reader r(m.value, ds, "[count." + m.key + "]");
      count_family f;
      f.name = m.key;
      f.where = m.key_where();
      f.description = r.string("description", true).value_or("");
      f.question = r.string("question", true).value_or("");
      f.total_question = r.string("total_question", true).value_or("");
      f.most_question = r.string("most_question", true).value_or("");
      f.alias = r.string("alias").value_or("");
      if (!f.alias.empty() && !is_identifier(f.alias))
        r.error_at_key("alias", "schema.name", "the alias '" + detail::excerpt(f.alias) + "' must be a fact name");
      for (const auto& [key, text] :
           {std::pair{"question", &f.question}, std::pair{"most_question", &f.most_question}}) {
        const char* mark = std::string_view(key) == "question" ? "{region}" : "{country}";
        if (!text->empty() && text->find(mark) == std::string::npos)
          r.error_at_key(key, "schema.count", std::string(key) + " must say where, with " + mark);
      }
      r.finish();
      fact_decl total;
      total.name = f.name + ".total";
      total.type = fact_type::integer;
      total.min = 0;
      total.description = f.description;
      total.question = f.total_question;
      total.informational = true;
      total.where = f.where;
      total.family = f.name;
      total.key = "total";
      schema.facts_.push_back(std::move(total));
      schema.families_.push_back(std::move(f));
    }
    cr.finish();
  }
  const detail::doc_value* counts = top.table("counts", false);
  if (counts == nullptr) return;
  (void)root;
  detail::doc_reader kr(*counts, ds, "[counts]");
  auto read_codes = [&](detail::doc_reader& r, const detail::doc_member& m, bool most) {
    const auto codes = r.strings(m.key, true);
    if (!codes) return;
    for (const std::string& code : *codes) {
      std::string why = check_code_syntax(code);
      if (why.empty() && most && code.find('-') != std::string::npos)
        why = "most() takes a country (US), not a subdivision ('" + code + "')";
      if (why.empty() && !most && code == "total") why = "'total' is declared by the family itself";
      if (!why.empty()) {
        r.error_at_key(m.key, "schema.count", why);
        continue;
      }
      members.push_back(member{m.key, most ? "most." + code : code, m.key_where()});
    }
  };
  for (const detail::doc_member& m : counts->members) {
    if (m.key == "most" && m.value.type == detail::doc_value::kind::object) {
      kr.get(m.key);
      detail::doc_reader mr(m.value, ds, "[counts.most]");
      for (const detail::doc_member& mm : m.value.members) read_codes(mr, mm, true);
      mr.finish();
      continue;
    }
    read_codes(kr, m, false);
  }
  kr.finish();
}

// Declares each member of a family of counts that a [counts] names (once, however many modules
// name it): an int fact with the family's description and its question for the member.
void fact_schema_builder::add_members(fact_schema& schema, const std::vector<member>& members,
                                      std::vector<diagnostic>& ds) {
  std::set<std::string> added;
  for (const member& m : members) {
    const count_family* family = schema.family(m.family);
    if (family == nullptr) {
      std::vector<std::string> names;
      for (const count_family& f : schema.families_) names.push_back(f.name);
      ds.push_back(make_error("schema.count", m.where,
                              "'" + m.family + "' is not a family of counts (declare it as [count." + m.family + "])" +
                                  detail::did_you_mean(m.family, names)));
      continue;
    }
    fact_decl f;
    f.name = m.family + "." + m.key;
    if (!added.insert(f.name).second) continue;
    f.type = fact_type::integer;
    f.min = 0;
    f.description = family->description;
    const bool most = m.key.starts_with("most.");
    const std::string code = most ? m.key.substr(5) : m.key;
    f.question = most ? family->most_question : family->question;
    const std::string mark = most ? "{country}" : "{region}";
    if (const auto at = f.question.find(mark); at != std::string::npos) f.question.replace(at, mark.size(), code);
    f.informational = true;
    f.where = m.where;
    f.family = m.family;
    f.key = m.key;
    schema.facts_.push_back(std::move(f));
  }
}

bool fact_schema_builder::read_declarations(std::string_view text, std::string_view path, fact_schema& schema,
                                            std::vector<diagnostic>& ds, bool core, std::vector<member>& members) {
  auto parsed = detail::parse_document(std::string(text), std::string(path), detail::format_of(path, text));
  if (!parsed) {
    const std::vector<diagnostic> more = std::move(parsed).take_diagnostics();
    ds.insert(ds.end(), more.begin(), more.end());
    return false;
  }
  const detail::doc_value& root = *parsed;

  detail::doc_reader top(root, ds, "the fact schema");
  if (const detail::doc_value* events = top.table("event", core)) {
    detail::doc_reader er(*events, ds, "[event]");
    for (const detail::doc_member& m : events->members) {
      const std::string& name = m.key;
      const detail::doc_value& node = m.value;
      er.get(name);
      if (!check_name(er, name, "event")) continue;
      if (node.type != detail::doc_value::kind::object) {
        er.wrong_type(node, name, er.table_word());
        continue;
      }
      detail::doc_reader r(node, ds, "[event." + name + "]");
      event_decl e;
      e.name = name;
      e.description = r.string("description", true).value_or("");
      e.question = r.string("question", true).value_or("");
      e.fallback = r.string("fallback").value_or("");
      e.where = m.key_where();
      r.finish();
      schema.events_.push_back(std::move(e));
    }
    er.finish();
  }
  if (const detail::doc_value* facts = top.table("fact", core)) {
    detail::doc_reader fr(*facts, ds, "[fact]");
    for (const detail::doc_member& m : facts->members) {
      const std::string& name = m.key;
      const detail::doc_value& node = m.value;
      fr.get(name);
      if (!check_name(fr, name, "fact")) continue;
      if (node.type != detail::doc_value::kind::object) {
        fr.wrong_type(node, name, fr.table_word());
        continue;
      }
      const std::string context = "[fact." + name + "]";
      detail::doc_reader r(node, ds, context);
      fact_decl f;
      f.name = name;
      f.where = m.key_where();
      f.description = r.string("description", true).value_or("");
      f.question = r.string("question", true).value_or("");
      const std::optional<std::string> type = r.string("type", true);
      bool type_ok = true;
      if (type == "bool") f.type = fact_type::boolean;
      else if (type == "int") f.type = fact_type::integer;
      else if (type == "enum") f.type = fact_type::enumeration;
      else if (type == "set") f.type = fact_type::set;
      else if (type == "text") f.type = fact_type::text;
      else {
        type_ok = false;
        if (type)
          r.error_at_key("type", "schema.type",
                         "type is bool, int, enum, set or text, not '" + detail::excerpt(*type) + "'");
      }
      const bool has_values = f.type == fact_type::enumeration || f.type == fact_type::set;
      if (!type_ok) {
        // Without a valid type the other keys cannot be judged: only read them.
        r.get("values");
        r.get("min");
        r.get("max");
        r.get("informational");
        r.finish();
        continue;
      }
      if (r.has("values") && !has_values) {
        r.error_at_key("values", "schema.values", "only enum and set facts have values");
      }
      if (auto values = r.strings("values", has_values)) {
        std::set<std::string> seen;
        for (const std::string& v : *values) {
          if (v.empty() || v == "unknown" || v.size() > 64) {
            r.error_at_key("values", "schema.values",
                           "value '" + detail::excerpt(v) + "' of " + name +
                               " is not allowed: values are non-empty, at most 64 bytes, and 'unknown' means an "
                               "unknown fact");
          } else if (!seen.insert(v).second) {
            r.error_at_key("values", "schema.values", "value '" + v + "' is listed twice");
          }
        }
        if (values->size() > k_max_values) {
          r.error_at_key("values", "limit.values", "at most " + std::to_string(k_max_values) + " values");
        }
        if (has_values && values->empty())
          r.error_at_key("values", "schema.values", name + " needs at least one value");
        f.values = std::move(*values);
      }
      for (const char* bound : {"min", "max"}) {
        if (r.has(bound) && f.type != fact_type::integer) {
          r.error_at_key(bound, "schema.bounds", std::string("only int facts have '") + bound + "'");
        }
      }
      f.min = r.integer("min");
      f.max = r.integer("max");
      f.informational = r.boolean("informational").value_or(false);
      if (f.min && f.max && *f.min > *f.max) r.error_at_key("max", "schema.bounds", "max is less than min");
      r.finish();
      schema.facts_.push_back(std::move(f));
    }
    fr.finish();
  }
  read_counts(top, root, schema, ds, members);
  top.finish();
  return true;
}

result<fact_schema> fact_schema_builder::finish(fact_schema schema, std::vector<diagnostic> ds,
                                                const std::vector<std::string>& paths) {
  const std::string first_path = paths.empty() ? std::string() : paths.front();
  // A name declared in two files: the second (in the order the files were given) is refused,
  // naming the first.
  {
    auto rank = [&](const source_location& l) {
      return static_cast<std::size_t>(std::find(paths.begin(), paths.end(), l.file) - paths.begin());
    };
    std::vector<std::pair<std::string_view, const source_location*>> all;
    for (const fact_decl& f : schema.facts_) all.emplace_back(f.name, &f.where);
    for (const event_decl& e : schema.events_) all.emplace_back(e.name, &e.where);
    std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
      const std::size_t ra = rank(*a.second);
      const std::size_t rb = rank(*b.second);
      return ra != rb ? ra < rb : a.second->line < b.second->line;
    });
    std::map<std::string_view, const source_location*> first;
    for (const auto& [name, where] : all) {
      auto [at, added] = first.emplace(name, where);
      if (added) continue;
      const source_location* a = at->second;
      const source_location* b = where;
      if (a->file == b->file) continue;  // in one file: schema.duplicate below
      std::ostringstream os;
      os << "'" << name << "' is declared in two schemas: here and at " << a->file << ":" << a->line
         << " (give it one name, or declare it once: in the core facts.toml if several modules use it)";
      ds.push_back(make_error("rules.fact-clash", *b, os.str()));
    }
    if (std::any_of(ds.begin(), ds.end(), [](const diagnostic& d) { return d.code == "rules.fact-clash"; })) {
      sort_by_location(ds);
      return ds;
    }
  }

  // Sorted by name, for the lookups below and after (a TOML document lists tables in key order;
  // a JSON one in the order written).
  std::sort(schema.facts_.begin(), schema.facts_.end(),
            [](const fact_decl& a, const fact_decl& b) { return a.name < b.name; });
  std::sort(schema.events_.begin(), schema.events_.end(),
            [](const event_decl& a, const event_decl& b) { return a.name < b.name; });
  for (std::size_t i = 0; i < schema.facts_.size(); ++i) schema.facts_[i].index = i;
  schema.fact_slots_ = hash_names(schema.facts_);
  schema.event_slots_ = hash_names(schema.events_);

  // Names are shared between facts and events (conditions use both).
  for (const event_decl& e : schema.events_) {
    if (schema.fact(e.name) != nullptr) {
      ds.push_back(
          make_error("schema.duplicate", e.where, "'" + e.name + "' is declared both as an event and as a fact"));
    }
  }
  if (schema.facts_.size() > k_max_facts || schema.events_.size() > k_max_facts) {
    ds.push_back(
        make_error("limit.facts", source_location{std::string(first_path), 1, 1},
                   "at most " + std::to_string(k_max_facts) + " facts and " + std::to_string(k_max_facts) + " events"));
  }
  // Fallbacks name events and do not loop.
  for (const event_decl& e : schema.events_) {
    if (e.fallback.empty()) continue;
    if (schema.event(e.fallback) == nullptr) {
      std::vector<std::string> names;
      for (const event_decl& x : schema.events_) names.push_back(x.name);
      ds.push_back(make_error("schema.fallback", e.where,
                              "the fallback of event '" + e.name + "' is '" + e.fallback + "', which is not an event" +
                                  detail::did_you_mean(e.fallback, names)));
      continue;
    }
    std::set<std::string> seen{e.name};
    for (const event_decl* x = schema.event(e.fallback); x != nullptr;
         x = x->fallback.empty() ? nullptr : schema.event(x->fallback)) {
      if (!seen.insert(x->name).second) {
        ds.push_back(make_error("schema.fallback", e.where,
                                "the fallbacks of event '" + e.name + "' loop back to '" + x->name + "'"));
        break;
      }
    }
  }
  // An alias names the total of its family, and is no name of its own.
  for (const count_family& f : schema.families_) {
    if (f.alias.empty()) continue;
    if (schema.fact(f.alias) != nullptr || schema.event(f.alias) != nullptr) {
      ds.push_back(make_error("schema.duplicate", f.where, "the alias '" + f.alias + "' is already a name"));
      continue;
    }
    schema.aliases_.emplace_back(f.alias, schema.fact(f.name + ".total")->index);
  }
  if (has_errors(ds)) return ds;
  return result<fact_schema>(std::move(schema), std::move(ds));
}

void fact_schema_builder::add(std::string_view text, std::string_view path) {
  paths_.emplace_back(path);
  read_declarations(text, path, schema_, ds_, paths_.size() == 1, members_);
}

result<fact_schema> fact_schema_builder::build() && {
  add_members(schema_, members_, ds_);
  // The checks across names run even after errors in a file, so that every error is reported.
  return finish(std::move(schema_), std::move(ds_), paths_);
}

result<fact_schema> parse_fact_schema(std::string_view text, std::string_view path) {
  fact_schema_builder b;
  b.add(text, path);
  return std::move(b).build();
}

result<fact_schema> merge_fact_schemas(const std::vector<source_file>& files) {
  fact_schema_builder b;
  for (const source_file& f : files) b.add(f.text, f.path);
  if (files.empty()) return make_error("schema.missing", {}, "no fact schema was given");
  return std::move(b).build();
}

std::vector<const source_file*> schema_files(const std::vector<source_file>& rule_files) {
  std::vector<const source_file*> core;
  std::vector<const source_file*> modules;
  auto is_module = [&](std::string_view folder) {
    return std::any_of(rule_files.begin(), rule_files.end(), [&](const source_file& f) {
      const std::string_view rel = f.relative;
      return rel.size() == folder.size() + 12 && rel.starts_with(folder) &&
             (rel.substr(folder.size()) == "/module.toml" || rel.substr(folder.size()) == "/module.json");
    });
  };
  for (const source_file& f : rule_files) {
    std::string_view rel = f.relative;
    if (rel == "facts.toml" || rel == "facts.json") {
      core.push_back(&f);
      continue;
    }
    const auto slash = rel.find('/');
    if (slash == std::string_view::npos) continue;
    const std::string_view rest = rel.substr(slash + 1);
    if ((rest == "facts.toml" || rest == "facts.json") && is_module(rel.substr(0, slash))) modules.push_back(&f);
  }
  core.insert(core.end(), modules.begin(), modules.end());
  return core;
}

}  // namespace breachclock
