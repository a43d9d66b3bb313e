#include "detail/text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace breachclock::detail {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("dyas" for "days") each cost one.
  const std::size_t la = a.size();
  const std::size_t lb = b.size();
  if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
  std::vector<std::size_t> before(lb + 1);
  std::vector<std::size_t> prev(lb + 1);
  std::vector<std::size_t> cur(lb + 1);
  for (std::size_t j = 0; j <= lb; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= la; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= lb; ++j) {
      const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    before.swap(prev);
    prev.swap(cur);
  }
  return prev[lb];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 200) return {};
  // Allow roughly one typo per three characters, at least one, at most four.
  const std::size_t cap = std::clamp<std::size_t>(word.size() / 3, 1, 4);
  // Of equally close candidates, the one that shares the longest beginning with the word (a typo
  // is likelier at the end: "CA-ONT" is "CA-ON", not "CA-NT"), then the first in byte order.
  auto shared_prefix = [word](std::string_view c) {
    std::size_t n = 0;
    while (n < word.size() && n < c.size() && word[n] == c[n]) ++n;
    return n;
  };
  std::string best;
  std::size_t best_distance = cap + 1;
  std::size_t best_prefix = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c, cap);
    if (d > best_distance || d > cap) continue;
    const std::size_t prefix = shared_prefix(c);
    if (d < best_distance || prefix > best_prefix || (prefix == best_prefix && c < best)) {
      best_distance = d;
      best = c;
      best_prefix = prefix;
    }
  }
  return best_distance <= cap ? best : std::string{};
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = closest(word, candidates);
  if (best.empty()) return {};
  return "; did you mean '" + best + "'?";
}

std::string quoted_list(const std::vector<std::string>& items, std::string_view last_joiner) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += (i + 1 == items.size()) ? " " + std::string(last_joiner) + " " : std::string(", ");
    }
    out += '\'';
    out += items[i];
    out += '\'';
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at text[i], or 0 when ill-formed; `bad` is then
// the length of its maximal ill-formed subpart (at least 1).
std::size_t sequence_at(std::string_view text, std::size_t i, std::size_t& bad) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  bad = 1;
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;       // overlong
    else if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;       // overlong
    else if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0, C1 (overlong) or F5..FF
  }
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= text.size()) return 0;
    const auto b = static_cast<unsigned char>(text[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
    bad = k + 1;
  }
  return len;
}

// Appends `text` as valid UTF-8, calling `on_char(code_point, bytes)` for each well-formed
// character; it returns false to have the character appended as it is.
template <class F>
void each_character(std::string_view text, std::string& out, F&& on_char) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t bad = 1;
    const std::size_t len = sequence_at(text, i, bad);
    if (len == 0) {
      out += k_replacement;
      i += bad;
      continue;
    }
    const std::string_view bytes = text.substr(i, len);
    // The code point (the sequence is well-formed).
    constexpr std::array<unsigned, 5> lead_mask = {0, 0x7F, 0x1F, 0x0F, 0x07};
    char32_t cp = static_cast<unsigned char>(bytes[0]) & lead_mask[len];
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(bytes[k]) & 0x3Fu);
    if (!on_char(cp, bytes, out)) out += bytes;
    i += len;
  }
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  each_character(text, out, [](char32_t, std::string_view, std::string&) { return false; });
  return out;
}

namespace {

// printable(), with white space as a space (reports) or as an escape like other controls (messages).
std::string shown_as_text(std::string_view text, bool white_space_as_space) {
  std::string out;
  out.reserve(text.size());
  each_character(text, out, [white_space_as_space](char32_t cp, std::string_view, std::string& o) {
    if (white_space_as_space && (cp == '\n' || cp == '\r' || cp == '\t')) {
      o += ' ';
      return true;
    }
    std::array<char, 12> buf{};
    // The C1 controls; and the bidirectional embeddings, overrides and isolates, which can reorder
    // what a reader sees (text that reads as one thing and is another); marks and joiners, which
    // real scripts need, stay.
    const bool c1 = cp >= 0x80 && cp <= 0x9f;
    const bool bidi = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    if (cp < 0x20 || cp == 0x7f) std::snprintf(buf.data(), buf.size(), "\\x%02x", static_cast<unsigned>(cp));
    else if (c1 || bidi) std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(cp));
    else return false;
    o += buf.data();
    return true;
  });
  return out;
}

}  // namespace

std::string printable(std::string_view text) { return shown_as_text(text, true); }

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Back over continuation bytes (at most three) to the start of the character cut through.
  for (std::size_t k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++k) --cut;
  return text.substr(0, cut);
}

std::string excerpt(std::string_view text, std::size_t max) {
  // Cut first (a little beyond max, between characters), then make printable.
  std::size_t cut = 0;
  std::size_t shown = 0;
  while (cut < text.size() && shown < max) {
    std::size_t bad = 1;
    const std::size_t len = sequence_at(text, cut, bad);
    const std::size_t step = len == 0 ? bad : len;
    const auto c = static_cast<unsigned char>(text[cut]);
    shown += len == 1 && (c < 0x20 || c == 0x7f) ? 4 : (len == 0 ? 1 : len);
    cut += step;
  }
  std::string out = shown_as_text(text.substr(0, cut), false);
  if (cut < text.size()) out += "...";
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  each_character(text, out, [](char32_t cp, std::string_view, std::string& o) {
    switch (cp) {
      case '&': o += "&amp;"; return true;
      case '<': o += "&lt;"; return true;
      case '>': o += "&gt;"; return true;
      case '"': o += "&quot;"; return true;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0; DEL and the
        // C1 controls are discouraged (XML 1.0, 2.2), and a terminal showing the file could obey them.
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp <= 0x9f)) {
          o += ' ';
          return true;
        }
        return false;
    }
  });
  return out;
}

}  // namespace breachclock::detail
