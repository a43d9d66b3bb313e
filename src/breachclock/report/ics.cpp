#include "breachclock/report/ics.hpp"

#include <fmt/format.h>

#include <cctype>

#include "breachclock/report/text.hpp"

namespace breachclock {

namespace {

// 20240324T090000Z
std::string ics_time(instant t) { return date::format("%Y%m%dT%H%M%SZ", t); }

// RFC 5545 3.3.11: escape backslash, semicolon, comma and newline in TEXT values; other
// control characters (TEXT allows only tab among them) become spaces.
std::string text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 && c != '\t') || u == 0x7f ? ' ' : c;
      }
    }
  }
  return out;
}

// RFC 5545 3.1: lines of at most 75 octets, continued after CRLF and a space; never inside a
// UTF-8 sequence.
std::string folded(std::string_view line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out + "\r\n";
}

std::string uid_part(std::string_view s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.') ? c : '-';
  return out;
}

void alarm(std::string& out, const char* before, const std::string& what) {
  out += folded("BEGIN:VALARM");
  out += folded("ACTION:DISPLAY");
  out += folded(std::string("TRIGGER:-") + before);
  out += folded("DESCRIPTION:" + text(what));
  out += folded("END:VALARM");
}

}  // namespace

std::string render_ics(const assessment& a) {
  std::string out;
  out += folded("BEGIN:VCALENDAR");
  out += folded("VERSION:2.0");
  out += folded("PRODID:-//breachclock//breachclock//EN");
  out += folded("CALSCALE:GREGORIAN");
  out += folded("METHOD:PUBLISH");
  out += folded("X-WR-CALNAME:" + text("breachclock: " + a.incident_id));
  for (const obligation_result& o : a.obligations) {
    if (o.state == status::not_required) continue;
    const deadline_result& d = o.deadline;
    const std::string to = recipient_text(o);
    const std::string state = o.state == status::required ? "required" : "undetermined";
    auto event = [&](const std::string& uid_suffix, instant when, const std::string& summary, const std::string& description) {
      out += folded("BEGIN:VEVENT");
      out += folded("UID:" + uid_part(a.incident_id) + "." + uid_part(o.rule->id) + uid_suffix + "@breachclock");
      out += folded("DTSTAMP:" + ics_time(a.as_of));
      out += folded("DTSTART:" + ics_time(when));
      out += folded("SUMMARY:" + text(summary));
      out += folded("DESCRIPTION:" + text(description));
      out += folded(std::string("STATUS:") + (o.state == status::required ? "CONFIRMED" : "TENTATIVE"));
      out += folded("CATEGORIES:" + text("breachclock") + "," + text(o.rule->regime));
      if (!o.rule->cite.empty() && !o.rule->cite.front().url.empty()) out += folded("URL:" + o.rule->cite.front().url);
      alarm(out, "P1D", summary + " (in 24 hours)");
      alarm(out, "PT2H", summary + " (in 2 hours)");
      out += folded("END:VEVENT");
    };
    // While a fact chooses the recipient: "..., recipient depends on nis_subsector."
    std::string description = fmt::format("{} ({}), {} {}.\n", o.rule->title, o.rule->id,
                                          o.recipient_depends_on.empty() ? "to" : "recipient", to);
    description += "Status: " + state;
    if (!o.depends_on.empty()) {
      description += ", depending on";
      for (const std::string& f : o.depends_on) description += " " + f;
    }
    description += ".\n";
    if (d.text != nullptr && !d.text->empty()) description += "The law: \"" + *d.text + "\".\n";
    if (d.anchor) {
      description += fmt::format("Counted from {} ({}){}.\n", d.anchor_event, format_utc(*d.anchor),
                                 d.provisional ? ", provisionally: " + d.from + " is not known" : "");
    }
    for (const citation& c : o.rule->cite) description += c.ref + (c.url.empty() ? "" : " " + c.url) + "\n";
    if (d.due) {
      const char* what = d.kind == deadline_kind::retention ? "Keep until" : "Due";
      event("", *d.due, fmt::format("[{}] {}: {}", state, what, o.rule->title), description);
    }
    if (d.target_due) {
      event(".target", *d.target_due,
            fmt::format("[internal target] {}", o.rule->title),
            fmt::format("Internal target of policy {}: {}\n", d.target->policy, d.target->note) + description);
    }
  }
  out += folded("END:VCALENDAR");
  return out;
}

}  // namespace breachclock
