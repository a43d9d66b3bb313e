#include "breachclock/report/ics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <limits>

#include "detail/text.hpp"
#include "report/presentation.hpp"

namespace breachclock {

namespace {

// 20240324T090000Z
std::string ics_time(instant t) { return date::format("%Y%m%dT%H%M%SZ", t); }

// RFC 5545 3.3.11: escape backslash, semicolon, comma and newline in TEXT values; other
// control characters (TEXT allows only tab among them), DEL and C1 become spaces; the text is
// made valid UTF-8 first (detail/text.hpp).
std::string text(std::string_view raw) {
  const std::string s = detail::valid_utf8(raw);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default:
        if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
          out += ' ';  // a C1 control (U+0080..U+009F); valid_utf8 made s[i + 1] a continuation byte
          ++i;
        } else {
          out += (u < 0x20 && c != '\t') || u == 0x7f ? ' ' : c;
        }
    }
  }
  return out;
}

// A URI value (RFC 5545 3.3.13): every octet that a URI may not hold (controls, space, '"',
// '<', '>', '\\', and non-ASCII, as an IRI becomes a URI) percent-encoded.
std::string uri(std::string_view raw) {
  std::string out;
  for (char c : detail::valid_utf8(raw)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') out += fmt::format("%{:02X}", u);
    else out += c;
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

// One part of a UID: letters, digits, '-' and '_' as they are, every other octet as %XX, so that
// the UID of one incident and obligation is never that of another ("a-b/c" and "a/b-c" differ).
std::string uid_part(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_') out += c;
    else out += fmt::format("%{:02X}", u);
  }
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

std::int64_t ics_sequence(instant as_of) noexcept {
  const std::int64_t minutes = std::chrono::floor<std::chrono::minutes>(as_of.time_since_epoch()).count();
  return std::clamp<std::int64_t>(minutes, 0, std::numeric_limits<std::int32_t>::max());
}

std::string ics_uid(std::string_view incident_id, std::string_view obligation_id, bool target) {
  return uid_part(incident_id) + "." + uid_part(obligation_id) + (target ? ".target" : "") + "@breachclock";
}

std::string render_ics(const assessment& a) {
  std::string out;
  out += folded("BEGIN:VCALENDAR");
  out += folded("VERSION:2.0");
  out += folded("PRODID:-//breachclock//breachclock//EN");
  out += folded("CALSCALE:GREGORIAN");
  out += folded("METHOD:PUBLISH");
  out += folded("X-WR-CALNAME:" + text("breachclock: " + std::string(a.incident_id)));
  const std::string sequence = "SEQUENCE:" + std::to_string(ics_sequence(a.as_of));
  const detail::presentation view = detail::present(a);
  for (const detail::obligation_view& v : view.obligations) {
    const obligation_result& o = *v.result;
    const deadline_result& d = o.deadline;
    const std::string& to = v.recipient;
    // While a fact chooses the recipient: "..., recipient depends on nis_subsector."
    const char* to_word = o.recipient_depends_on.empty() ? "to" : "recipient";
    const bool applies = o.state != status::not_required;
    const std::string state(v.status);
    auto begin = [&](bool target, instant when, const std::string& summary, const std::string& description) {
      out += folded("BEGIN:VEVENT");
      std::string uid = ics_uid(a.incident_id, o.rule->id, target);
      // A proposed result beside the binding one of its id: an event of its own.
      if (o.proposed) uid.insert(uid.size() - std::string_view("@breachclock").size(), ".proposed");
      out += folded("UID:" + uid);
      out += folded(sequence);
      out += folded("DTSTAMP:" + ics_time(a.as_of));
      out += folded("DTSTART:" + ics_time(when));
      out += folded("SUMMARY:" + text(summary));
      out += folded("DESCRIPTION:" + text(description));
    };
    // Proposed law is never binding: TENTATIVE, and no alarm. A duty done: CONFIRMED (RFC 5545
    // 3.8.1.11 allows a VEVENT only TENTATIVE, CONFIRMED and CANCELLED; the status of a finished
    // task belongs to VTODO), its summary "[done] ...", and no alarm: nothing is left to remind.
    const char* status_value = o.proposed || o.state != status::required ? "TENTATIVE" : "CONFIRMED";
    const bool quiet = o.proposed || o.filed.has_value();
    auto live = [&](bool target, instant when, const std::string& summary, const std::string& description) {
      begin(target, when, summary, description);
      out += folded(std::string("STATUS:") + status_value);
      out += folded("CATEGORIES:" + text("breachclock") + "," + text(o.rule->regime));
      if (!v.link.empty()) out += folded("URL:" + uri(v.link));
      if (quiet) return void(out += folded("END:VEVENT"));
      alarm(out, "P1D", summary + " (in 24 hours)");
      alarm(out, "PT2H", summary + " (in 2 hours)");
      out += folded("END:VEVENT");
    };
    // A duty that applies or may apply but has no dated deadline yet (a soft deadline, no time
    // limit, an anchor not known): an event at as_of that says so, with no alarm. It replaces
    // whatever an earlier export put under its UID (a deadline that no longer has a date).
    auto undated = [&](bool target, const std::string& summary, const std::string& description) {
      begin(target, a.as_of, summary, description);
      out += folded(std::string("STATUS:") + status_value);
      out += folded("CATEGORIES:" + text("breachclock") + "," + text(o.rule->regime));
      if (!v.link.empty()) out += folded("URL:" + uri(v.link));
      out += folded("END:VEVENT");
    };
    // The same UID, cancelled: whatever an earlier export put in a calendar for this duty goes,
    // with its alarms. No alarm, no category: nothing to be reminded of.
    auto cancelled = [&](bool target, const std::string& why) {
      const std::string what = target ? "[cancelled] internal target: " + o.rule->title
                                      : "[cancelled] " + o.rule->title;
      begin(target, a.as_of, what,
            fmt::format("{} ({}), {} {}.\n{} as of {}.\n", o.rule->title, o.rule->id, to_word, to, why,
                        view.as_of_utc));
      out += folded("STATUS:CANCELLED");
      out += folded("END:VEVENT");
    };

    // Not required, displaced by another law too: CANCELLED under the same UID, so that whatever
    // an earlier export put there (the duty while it was undetermined) leaves the calendar.
    if (!applies) {
      const std::string why = v.displaced ? "N" + v.displaced->substr(1) : std::string("Not required");
      cancelled(false, why);
      if (d.target != nullptr) cancelled(true, why);
      continue;
    }
    // A deadline not started (its filing or request not recorded) has no instant: no event.
    if (v.not_started) continue;
    std::string description = fmt::format("{} ({}), {} {}.\n", o.rule->title, o.rule->id, to_word, to);
    description += "Status: " + state;
    if (!o.depends_on.empty()) {
      description += ", depending on";
      for (std::string_view f : o.depends_on) description += " " + std::string(f);
    }
    description += ".\n";
    if (v.proposed) description += *v.proposed + ": proposed law, not in force.\n";
    if (v.done) description += "D" + v.done->substr(1) + ".\n";
    if (v.governed) description += "G" + v.governed->substr(1) + ".\n";
    if (v.rolled) description += "R" + v.rolled->substr(1) + ".\n";
    // "[done] ...", "[proposed] [required] ...": the summary says first what the event is.
    const std::string mark = std::string(o.filed ? "[done] " : "") + (o.proposed ? "[proposed] " : "");
    const bool has_text = v.law_text && !v.law_text->empty();
    if (has_text) description += "The law: \"" + *v.law_text + "\".\n";
    if (d.anchor) {
      description += fmt::format("Counted from {} ({}){}.\n", d.anchor_event, v.anchor_utc,
                                 d.provisional ? ", provisionally: " + std::string(d.from) + " is not known" : "");
    }
    for (const citation& c : *v.cites) description += c.ref + (c.url.empty() ? "" : " " + c.url) + "\n";
    if (d.due) {
      const char* what = d.kind == deadline_kind::retention ? "Keep until" : "Due";
      live(false, *d.due, fmt::format("{}[{}] {}: {}", mark, state, what, o.rule->title), description);
    } else if (o.filed) {
      live(false, o.filed->at, fmt::format("{}[{}] {}", mark, state, o.rule->title), description);
    } else {
      const std::string when = has_text ? *v.law_text : "no dated deadline";
      undated(false, fmt::format("{}[{}] {}: {}", mark, state, when, o.rule->title),
              description + fmt::format("No due instant as of {}.\n", view.as_of_utc));
    }
    if (d.target_due) {
      live(true, *d.target_due, fmt::format("{}[internal target] {}", mark, o.rule->title),
           fmt::format("Internal target of policy {}: {}\n", d.target->policy, d.target->note) + description);
    } else if (d.target != nullptr) {
      undated(true, fmt::format("[internal target, not dated yet] {}", o.rule->title),
              fmt::format("Internal target of policy {}: {}\nNo due instant as of {}.\n", d.target->policy,
                          d.target->note, view.as_of_utc) +
                  description);
    }
  }
  out += folded("END:VCALENDAR");
  return out;
}

}  // namespace breachclock
