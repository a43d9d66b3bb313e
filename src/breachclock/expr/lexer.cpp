#include "expr/lexer.hpp"

#include <limits>

#include "detail/text.hpp"

namespace breachclock::expr {

locator default_locator(std::string file) {
  return [file = std::move(file)](std::size_t offset) {
    return source_location{file, 1, static_cast<int>(offset) + 1};
  };
}

std::string describe(token_kind k) {
  switch (k) {
    case token_kind::identifier: return "a name";
    case token_kind::string: return "a string";
    case token_kind::integer: return "a number";
    case token_kind::kw_true: return "'true'";
    case token_kind::kw_false: return "'false'";
    case token_kind::kw_and: return "'and'";
    case token_kind::kw_or: return "'or'";
    case token_kind::kw_not: return "'not'";
    case token_kind::kw_in: return "'in'";
    case token_kind::eq: return "'=='";
    case token_kind::ne: return "'!='";
    case token_kind::lt: return "'<'";
    case token_kind::le: return "'<='";
    case token_kind::gt: return "'>'";
    case token_kind::ge: return "'>='";
    case token_kind::lparen: return "'('";
    case token_kind::rparen: return "')'";
    case token_kind::lbracket: return "'['";
    case token_kind::rbracket: return "']'";
    case token_kind::comma: return "','";
    case token_kind::end: return "the end of the condition";
  }
  return "a token";
}

namespace {

bool is_ident_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

token_kind keyword(std::string_view word) {
  if (word == "and") return token_kind::kw_and;
  if (word == "or") return token_kind::kw_or;
  if (word == "not") return token_kind::kw_not;
  if (word == "in") return token_kind::kw_in;
  if (word == "true") return token_kind::kw_true;
  if (word == "false") return token_kind::kw_false;
  return token_kind::identifier;
}

}  // namespace

result<std::vector<token>> lex(std::string_view text, const locator& where) {
  if (text.size() > k_max_condition_bytes) {
    return make_error("limit.condition", where(0),
                      "condition is " + std::to_string(text.size()) + " bytes long; the limit is " +
                          std::to_string(k_max_condition_bytes));
  }
  auto fail = [&](std::size_t at, std::string message) {
    return make_error("expr.syntax", where(at), std::move(message));
  };
  std::vector<token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    token t;
    t.offset = i;
    if (is_ident_start(c)) {
      std::size_t j = i;
      // A dotted name reads one member of a family of counts: affected.total.
      while (j < text.size() &&
             (is_ident_char(text[j]) || (text[j] == '.' && j + 1 < text.size() && is_ident_start(text[j + 1])))) {
        ++j;
      }
      t.text = std::string(text.substr(i, j - i));
      t.kind = keyword(t.text);
      i = j;
    } else if (is_digit(c) || (c == '-' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      std::size_t j = c == '-' ? i + 1 : i;
      // The magnitude may reach 2^63 only for a negative number (the smallest int64).
      const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) +
                                  (c == '-' ? 1U : 0U);
      std::uint64_t v = 0;
      bool overflow = false;
      while (j < text.size() && is_digit(text[j])) {
        const auto digit = static_cast<std::uint64_t>(text[j] - '0');
        if (v > (limit - digit) / 10) overflow = true;
        else v = v * 10 + digit;
        ++j;
      }
      if (overflow) return fail(i, "number " + detail::excerpt(text.substr(i, j - i)) + " is too large");
      if (j < text.size() && is_ident_start(text[j])) {
        return fail(j, "unexpected '" + std::string(1, text[j]) + "' after a number");
      }
      t.kind = token_kind::integer;
      t.integer = c == '-' ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
      i = j;
    } else if (c == '"' || c == '\'') {
      std::size_t j = i + 1;
      std::string value;
      bool closed = false;
      while (j < text.size()) {
        const char d = text[j];
        if (d == c) {
          closed = true;
          ++j;
          break;
        }
        if (d == '\\') {
          if (j + 1 >= text.size()) break;
          const char e = text[j + 1];
          if (e != '"' && e != '\'' && e != '\\') {
            return fail(j,
                        std::string("unknown escape '\\") + e + "' in a string: only \\\", \\' and \\\\ are escapes");
          }
          value += e;
          j += 2;
          continue;
        }
        if (d == '\n') break;
        value += d;
        ++j;
      }
      if (!closed) return fail(i, std::string("string starting here is not closed with ") + c);
      t.kind = token_kind::string;
      t.text = std::move(value);
      i = j;
    } else {
      const char n = i + 1 < text.size() ? text[i + 1] : '\0';
      auto two = [&](token_kind k) {
        t.kind = k;
        i += 2;
      };
      auto one = [&](token_kind k) {
        t.kind = k;
        i += 1;
      };
      switch (c) {
        case '=':
          if (n == '=') two(token_kind::eq);
          else return fail(i, "'=' is not an operator: compare with '=='");
          break;
        case '!':
          if (n == '=') two(token_kind::ne);
          else return fail(i, "'!' is not an operator: write 'not' for negation, '!=' for inequality");
          break;
        case '<':
          if (n == '=') two(token_kind::le);
          else one(token_kind::lt);
          break;
        case '>':
          if (n == '=') two(token_kind::ge);
          else one(token_kind::gt);
          break;
        case '(': one(token_kind::lparen); break;
        case ')': one(token_kind::rparen); break;
        case '[': one(token_kind::lbracket); break;
        case ']': one(token_kind::rbracket); break;
        case ',': one(token_kind::comma); break;
        case '&': return fail(i, "'&' is not an operator: write 'and'");
        case '|': return fail(i, "'|' is not an operator: write 'or'");
        default: return fail(i, "unexpected character '" + detail::excerpt(text.substr(i, 1)) + "'");
      }
    }
    t.length = i - t.offset;
    out.push_back(std::move(t));
  }
  token end;
  end.kind = token_kind::end;
  end.offset = text.size();
  out.push_back(end);
  return out;
}

}  // namespace breachclock::expr
