// The region table (facts/regions.hpp): reading regions.toml and deciding what a scope covers.
#include "breachclock/facts/regions.hpp"

#include <algorithm>

#include "detail/doc_reader.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool upper_or_digit(char c) { return upper(c) || (c >= '0' && c <= '9'); }

// "CA-ON" -> "CA"; "CA" -> "CA".
std::string_view country_of(std::string_view code) { return code.substr(0, code.find('-')); }

// Whether `a` is `b`, within `b` (CA-ON within CA) or contains `b`.
bool related(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto within = [](std::string_view sub, std::string_view whole) {
    return sub.size() > whole.size() && sub.starts_with(whole) && sub[whole.size()] == '-';
  };
  return within(a, b) || within(b, a);
}

// The day of `at` in the union's zone, where its membership days begin and end.
civil_date day_in(const region_union& u, instant at) { return civil_date{u.tz.local_day(at)}; }

bool member_on(const union_member& m, civil_date day) {
  return (!m.from || *m.from <= day) && (!m.until || day <= *m.until);
}

}  // namespace

std::string check_code_syntax(std::string_view code) {
  const std::string_view head = country_of(code);
  const bool head_ok = (head.size() == 2 || head.size() == 3) && std::all_of(head.begin(), head.end(), upper);
  bool tail_ok = true;
  if (head.size() < code.size()) {
    const std::string_view tail = code.substr(head.size() + 1);
    tail_ok = head.size() == 2 && !tail.empty() && tail.size() <= 3 &&
              std::all_of(tail.begin(), tail.end(), upper_or_digit);
  }
  if (head_ok && tail_ok) return {};
  return "'" + detail::excerpt(code) +
         "' is not a region code: write an ISO 3166-1 code (GB), an ISO 3166-2 code (CA-ON) or a union (EU)";
}

bool region_table::is_country(std::string_view code) const noexcept {
  return std::binary_search(countries_.begin(), countries_.end(), code);
}

const region_union* region_table::find_union(std::string_view code) const noexcept {
  auto it = std::lower_bound(unions_.begin(), unions_.end(), code,
                             [](const region_union& u, std::string_view c) { return u.code < c; });
  return it != unions_.end() && it->code == code ? &*it : nullptr;
}

std::string region_table::check_code(std::string_view code) const {
  if (std::string why = check_code_syntax(code); !why.empty()) {
    // "gb", "ca-on": the code in capitals, when that is one.
    std::string upper_case(code);
    for (char& c : upper_case) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (upper_case != code && check_code(upper_case).empty()) return why + ": did you mean '" + upper_case + "'?";
    return why;
  }
  const std::string_view head = country_of(code);
  if (head.size() == code.size() && find_union(code) != nullptr) return {};
  if (find_union(head) != nullptr) {
    return "'" + detail::excerpt(code) + "' names a part of the union " + std::string(head) +
           ": name the country instead (an ISO 3166-2 code starts with its country's code)";
  }
  if (is_country(head)) {
    auto listed = std::lower_bound(subdivisions_.begin(), subdivisions_.end(), head,
                                   [](const auto& p, std::string_view c) { return p.first < c; });
    if (head.size() == code.size() || listed == subdivisions_.end() || listed->first != head) return {};
    if (std::binary_search(listed->second.begin(), listed->second.end(), code)) return {};
    return "'" + detail::excerpt(code) + "' is not an ISO 3166-2 subdivision of " + std::string(head) +
           detail::did_you_mean(code, listed->second);
  }
  auto fix = std::lower_bound(corrections_.begin(), corrections_.end(), head,
                              [](const auto& p, std::string_view c) { return p.first < c; });
  std::string why = "'" + detail::excerpt(head) + "' is not an ISO 3166-1 country code";
  if (fix != corrections_.end() && fix->first == head) return why + ": did you mean '" + fix->second + "'?";
  std::vector<std::string> candidates = countries_;
  for (const region_union& u : unions_) candidates.push_back(u.code);
  return why + " nor a union of regions.toml" + detail::did_you_mean(head, candidates);
}

bool region_table::place_within(std::string_view place, std::string_view jurisdiction, instant at, int depth) const {
  const region_union* u = find_union(jurisdiction);
  if (u == nullptr) return related(place, jurisdiction);
  if (depth > 8) return false;
  const civil_date day = day_in(*u, at);
  for (const union_member& m : u->members) {
    if (member_on(m, day) && related(place, m.code)) return true;
  }
  return std::any_of(u->include.begin(), u->include.end(),
                     [&](const std::string& inner) { return place_within(place, inner, at, depth + 1); });
}

bool region_table::entry_covers(std::string_view entry, std::string_view jurisdiction, instant at, int depth) const {
  if (entry == jurisdiction) return true;  // a union named as such, or the same place
  const region_union* u = find_union(entry);
  if (u == nullptr) return place_within(entry, jurisdiction, at, 0);
  if (depth > 8) return false;
  const civil_date day = day_in(*u, at);
  for (const union_member& m : u->members) {
    if (member_on(m, day) && place_within(m.code, jurisdiction, at, 0)) return true;
  }
  return std::any_of(u->include.begin(), u->include.end(),
                     [&](const std::string& inner) { return entry_covers(inner, jurisdiction, at, depth + 1); });
}

bool region_table::covers(const std::vector<std::string>& scope, std::string_view jurisdiction, instant at) const {
  if (jurisdiction.empty()) return true;
  return std::any_of(scope.begin(), scope.end(),
                     [&](const std::string& entry) { return entry_covers(entry, jurisdiction, at, 0); });
}

bool region_table::depends_on_time(const std::vector<std::string>& scope, std::string_view jurisdiction) const {
  if (find_union(jurisdiction) != nullptr) return true;
  return std::any_of(scope.begin(), scope.end(), [&](const std::string& e) { return find_union(e) != nullptr; });
}

namespace {

class regions_reader {
 public:
  explicit regions_reader(std::vector<diagnostic>& out) : out_(out) {}

  void read(const detail::doc_value& root, std::string& question, std::vector<std::string>& countries,
            std::vector<std::pair<std::string, std::string>>& corrections, std::vector<region_union>& unions,
            std::vector<std::pair<std::string, std::vector<std::string>>>& subdivisions) {
    detail::doc_reader top(root, out_, "regions.toml");
    if (const detail::doc_value* r = top.table("regions", true)) {
      detail::doc_reader rr(*r, out_, "[regions]");
      question = rr.string("question", true).value_or("");
      if (const detail::doc_value* list = rr.array("countries", true)) {
        for (const detail::doc_value& c : list->items) {
          if (c.type != detail::doc_value::kind::string) {
            rr.wrong_type(c, "countries[]", "a string");
            continue;
          }
          if (c.string.size() != 2 || !upper(c.string[0]) || !upper(c.string[1])) {
            rr.error(c, "regions.code", "'" + detail::excerpt(c.string) + "' is not two capital letters");
            continue;
          }
          countries.push_back(c.string);
        }
      }
      rr.finish();
      std::sort(countries.begin(), countries.end());
      for (std::size_t k = 1; k < countries.size(); ++k) {
        if (countries[k] == countries[k - 1]) {
          top.error(*r, "regions.code", "'" + countries[k] + "' is listed twice in [regions] countries");
        }
      }
    }
    if (const detail::doc_value* c = top.table("corrections")) {
      detail::doc_reader cr(*c, out_, "[corrections]");
      for (const detail::doc_member& m : c->members) {
        auto to = cr.string(m.key);
        if (!to) continue;
        // A correction is of a code that is not a country's, to one that is.
        if (std::binary_search(countries.begin(), countries.end(), m.key) || m.key.size() != 2 || !upper(m.key[0]) ||
            !upper(m.key[1])) {
          out_.push_back(make_error("regions.code", m.key_where(),
                                    "a correction is of two capital letters that are not a country's code, not '" +
                                        detail::excerpt(m.key) + "'"));
        } else if (!std::binary_search(countries.begin(), countries.end(), *to)) {
          out_.push_back(make_error("regions.code", m.value.where(),
                                    "'" + detail::excerpt(m.key) + "' is corrected to '" + detail::excerpt(*to) +
                                        "', which is not a country of [regions] countries"));
        } else {
          corrections.emplace_back(m.key, *to);
        }
      }
      cr.finish();
      std::sort(corrections.begin(), corrections.end());
    }
    if (const detail::doc_value* sub = top.table("subdivisions")) {
      detail::doc_reader sr(*sub, out_, "[subdivisions]");
      for (const detail::doc_member& m : sub->members) {
        auto codes = sr.strings(m.key);
        if (!codes) continue;
        if (!std::binary_search(countries.begin(), countries.end(), m.key)) {
          out_.push_back(make_error("regions.code", m.key_where(),
                                    "'" + detail::excerpt(m.key) + "' is not a country of [regions] countries"));
          continue;
        }
        for (const std::string& code : *codes) {
          if (!code.starts_with(m.key + "-") || !check_code_syntax(code).empty()) {
            out_.push_back(make_error("regions.code", m.value.where(),
                                      "'" + detail::excerpt(code) + "' is not an ISO 3166-2 code of " + m.key + " (" +
                                          m.key + "-XX)"));
          }
        }
        std::sort(codes->begin(), codes->end());
        subdivisions.emplace_back(m.key, std::move(*codes));
      }
      sr.finish();
      std::sort(subdivisions.begin(), subdivisions.end());
    }
    if (const detail::doc_value* us = top.table("union")) {
      detail::doc_reader ur(*us, out_, "[union]");
      for (const detail::doc_member& m : us->members) {
        ur.get(m.key);
        if (m.value.type != detail::doc_value::kind::object) {
          ur.wrong_type(m.value, m.key, ur.table_word());
          continue;
        }
        unions.push_back(read_union(m, countries));
      }
      ur.finish();
      std::sort(unions.begin(), unions.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    }
    top.finish();
  }

 private:
  region_union read_union(const detail::doc_member& m, const std::vector<std::string>& countries) {
    detail::doc_reader r(m.value, out_, "[union." + m.key + "]");
    region_union u;
    u.code = m.key;
    u.where = m.key_where();
    if (!check_code_syntax(u.code).empty() || u.code.find('-') != std::string::npos) {
      out_.push_back(make_error("regions.code", u.where,
                                "union code '" + detail::excerpt(u.code) + "' must be two or three capital letters"));
    }
    u.name = r.string("name", true).value_or("");
    u.include = r.strings("include").value_or(std::vector<std::string>{});
    if (auto z = r.string("zone")) {
      auto located = zone::locate(*z, r.get("zone")->inside());
      out_.insert(out_.end(), located.diagnostics().begin(), located.diagnostics().end());
      if (located) u.tz = *located;
    }
    if (const detail::doc_value* sources = r.array("sources")) {
      for (const detail::doc_value& s : sources->items) {
        detail::doc_reader sr(s, out_, "a source of [union." + m.key + "]");
        citation c;
        c.ref = sr.string("ref", true).value_or("");
        c.url = sr.string("url").value_or("");
        sr.finish();
        u.sources.push_back(std::move(c));
      }
    }
    if (const detail::doc_value* members = r.array("members", true)) {
      for (const detail::doc_value& v : members->items) {
        detail::doc_reader mr(v, out_, "a member of [union." + m.key + "]");
        union_member um;
        um.code = mr.string("code", true).value_or("");
        um.from = mr.date("from", false, "a date (1995-01-01)");
        um.until = mr.date("until", false, "a date (2020-12-31)");
        um.note = mr.string("note").value_or("");
        mr.finish();
        if (!um.code.empty() && !std::binary_search(countries.begin(), countries.end(), um.code)) {
          mr.error(v, "regions.member",
                   "member '" + detail::excerpt(um.code) + "' of " + u.code +
                       " is not a country of [regions] countries");
        }
        if (um.from && um.until && *um.until < *um.from) {
          mr.error(v, "regions.member",
                   "member '" + detail::excerpt(um.code) + "' of " + u.code + " leaves (until) before it joins (from)");
        }
        if (std::any_of(u.members.begin(), u.members.end(), [&](const union_member& x) { return x.code == um.code; })) {
          mr.error(v, "regions.member", "member '" + detail::excerpt(um.code) + "' of " + u.code + " is listed twice");
        }
        u.members.push_back(std::move(um));
      }
    }
    r.finish();
    return u;
  }

  std::vector<diagnostic>& out_;
};

}  // namespace

result<region_table> parse_regions(std::string_view text, std::string_view path) {
  auto parsed = detail::parse_document(std::string(text), std::string(path), detail::format_of(path, text));
  if (!parsed) return std::move(parsed).take_diagnostics();
  std::vector<diagnostic> ds;
  region_table t;
  regions_reader(ds).read(*parsed, t.question_, t.countries_, t.corrections_, t.unions_, t.subdivisions_);
  for (const region_union& u : t.unions_) {
    if (t.is_country(u.code)) {
      ds.push_back(make_error("regions.code", u.where, "union '" + u.code + "' is also a country code"));
    }
    for (const std::string& inner : u.include) {
      if (t.find_union(inner) == nullptr || inner == u.code) {
        ds.push_back(make_error("regions.include", u.where,
                                "union " + u.code + " includes '" + detail::excerpt(inner) +
                                    "', which is not another union of this file"));
      }
    }
  }
  // An include loop (EU includes EEA includes EU) would make membership circular. A union that
  // includes itself or a missing union was reported above: the walk starts from the others.
  for (const region_union& u : t.unions_) {
    if (std::any_of(u.include.begin(), u.include.end(),
                    [&](const std::string& inner) { return inner == u.code || t.find_union(inner) == nullptr; }))
      continue;
    std::vector<std::string_view> seen{u.code};
    std::vector<std::string_view> pending(u.include.begin(), u.include.end());  // unions reached, to walk
    while (!pending.empty()) {
      const std::string_view next = pending.back();
      pending.pop_back();
      if (next == u.code) {
        ds.push_back(make_error("regions.include", u.where, "union " + u.code + " includes itself (a loop)"));
        break;
      }
      if (std::find(seen.begin(), seen.end(), next) != seen.end()) continue;
      seen.push_back(next);
      if (const region_union* inner = t.find_union(next))
        pending.insert(pending.end(), inner->include.begin(), inner->include.end());
    }
  }
  if (has_errors(ds)) return ds;
  return result<region_table>(std::move(t), ds);
}

}  // namespace breachclock
