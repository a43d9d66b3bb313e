#include "expr/parser.hpp"

#include "detail/text.hpp"

namespace breachclock::expr {

namespace {

class parser {
 public:
  parser(std::vector<token> tokens, const locator& where, std::string text) : toks_(std::move(tokens)), where_(where) {
    tree_.text = std::move(text);
  }

  result<syntax_tree> run() {
    auto root = parse_or(0);
    if (!root) return std::move(root).take_diagnostics();
    if (peek().kind != token_kind::end) {
      const token& t = peek();
      std::string hint;
      if (t.kind == token_kind::identifier || t.kind == token_kind::string || t.kind == token_kind::integer) {
        hint = ": join conditions with 'and' or 'or'";
      }
      return fail(t, "unexpected " + shown(t) + " after a complete condition" + hint);
    }
    tree_.root = *root;
    return std::move(tree_);
  }

 private:
  using index = result<std::uint32_t>;

  const token& peek() const { return toks_[pos_]; }
  const token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool accept(token_kind k) {
    if (peek().kind != k) return false;
    next();
    return true;
  }

  static std::string shown(const token& t) {
    switch (t.kind) {
      case token_kind::identifier: return "'" + detail::excerpt(t.text, 40) + "'";
      case token_kind::string: return "string \"" + detail::excerpt(t.text, 40) + "\"";
      case token_kind::integer: return "number " + std::to_string(t.integer);
      default: return describe(t.kind);
    }
  }

  diagnostic fail(const token& t, std::string message) const {
    return make_error("expr.syntax", where_(t.offset), std::move(message));
  }

  index add(syntax_node n) {
    if (tree_.nodes.size() >= k_max_nodes) {
      return make_error("limit.condition", where_(n.offset),
                        "condition has more than " + std::to_string(k_max_nodes) + " parts");
    }
    tree_.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(tree_.nodes.size() - 1);
  }

  index too_deep(const token& t) const {
    return make_error("limit.condition", where_(t.offset),
                      "condition is nested more than " + std::to_string(k_max_depth) + " levels deep");
  }

  // A chain of `op`-joined operands: and/or are loops, not recursion.
  index parse_chain(std::size_t depth, token_kind op, node_kind kind, index (parser::*operand)(std::size_t)) {
    const std::size_t start = peek().offset;
    auto first = (this->*operand)(depth);
    if (!first || peek().kind != op) return first;
    syntax_node n;
    n.kind = kind;
    n.offset = start;
    n.children.push_back(*first);
    while (accept(op)) {
      auto more = (this->*operand)(depth);
      if (!more) return more;
      n.children.push_back(*more);
    }
    n.length = peek().offset - start;
    return add(std::move(n));
  }

  index parse_or(std::size_t depth) {
    return parse_chain(depth, token_kind::kw_or, node_kind::logical_or, &parser::parse_and);
  }
  index parse_and(std::size_t depth) {
    return parse_chain(depth, token_kind::kw_and, node_kind::logical_and, &parser::parse_not);
  }

  index parse_not(std::size_t depth) {
    if (peek().kind != token_kind::kw_not) return parse_compare(depth);
    const token& t = next();
    if (depth + 1 > k_max_depth) return too_deep(t);
    auto operand = parse_not(depth + 1);
    if (!operand) return operand;
    syntax_node n;
    n.kind = node_kind::logical_not;
    n.offset = t.offset;
    n.length = peek().offset - t.offset;
    n.children.push_back(*operand);
    return add(std::move(n));
  }

  index parse_compare(std::size_t depth) {
    const std::size_t start = peek().offset;
    auto left = parse_primary(depth);
    if (!left) return left;
    const token& t = peek();
    syntax_node n;
    n.offset = start;
    switch (t.kind) {
      case token_kind::eq:
      case token_kind::ne:
      case token_kind::lt:
      case token_kind::le:
      case token_kind::gt:
      case token_kind::ge:
        n.kind = node_kind::compare;
        n.op = t.kind;
        next();
        break;
      case token_kind::kw_in:
        n.kind = node_kind::in;
        next();
        break;
      case token_kind::kw_not:
        if (toks_[pos_ + 1].kind != token_kind::kw_in) return left;
        n.kind = node_kind::not_in;
        next();
        next();
        break;
      default: return left;
    }
    auto right = parse_primary(depth);
    if (!right) return right;
    n.children = {*left, *right};
    n.length = peek().offset - start;
    const token_kind after = peek().kind;
    if (after == token_kind::eq || after == token_kind::ne || after == token_kind::lt || after == token_kind::le ||
        after == token_kind::gt || after == token_kind::ge || after == token_kind::kw_in) {
      return fail(peek(), "comparisons do not chain: join them with 'and'");
    }
    return add(std::move(n));
  }

  index parse_list() {
    const token& open = next();  // '['
    syntax_node n;
    n.kind = node_kind::list;
    n.offset = open.offset;
    if (peek().kind == token_kind::rbracket) return fail(peek(), "a list needs at least one value");
    for (;;) {
      const token& t = next();
      syntax_node item;
      item.offset = t.offset;
      item.length = t.length;
      if (t.kind == token_kind::string) {
        item.kind = node_kind::string;
        item.text = t.text;
      } else if (t.kind == token_kind::integer) {
        item.kind = node_kind::integer;
        item.integer = t.integer;
      } else {
        return fail(t, "a list holds strings or numbers, not " + shown(t));
      }
      auto i = add(std::move(item));
      if (!i) return i;
      n.children.push_back(*i);
      if (accept(token_kind::comma)) {
        if (peek().kind == token_kind::rbracket) return fail(peek(), "a list does not end with ','");
        continue;
      }
      if (peek().kind == token_kind::rbracket) break;
      return fail(peek(), "expected ',' or ']' in a list, not " + shown(peek()));
    }
    n.length = peek().offset + 1 - open.offset;
    next();  // ']'
    return add(std::move(n));
  }

  // family["US-TX"]: one member of a family of counts, the fact named family.US-TX.
  index parse_member(syntax_node n) {
    next();  // '['
    const token& key = peek();
    if (key.kind != token_kind::string)
      return fail(key, "expected a region code in quotes (" + n.text + "[\"US-TX\"]), not " + shown(key));
    next();
    if (!accept(token_kind::rbracket)) return fail(peek(), "expected ']' after " + n.text + "[\"" + key.text + "\"");
    n.kind = node_kind::name;
    n.text += "." + key.text;
    n.length = toks_[pos_ - 1].offset + 1 - n.offset;
    return add(std::move(n));
  }

  // most(family, "US"): the largest count of the family in any one subdivision of a country,
  // the fact named family.most.US (the '(' is read).
  index parse_most(syntax_node n) {
    const token& family = peek();
    if (family.kind != token_kind::identifier)
      return fail(family,
                  "most() takes a family of counts and a country code: most(affected, \"US\"), not " + shown(family));
    next();
    if (!accept(token_kind::comma)) return fail(peek(), "expected ',' and a country code after most(" + family.text);
    const token& code = peek();
    if (code.kind != token_kind::string)
      return fail(code, "expected a country code in quotes (most(" + family.text + ", \"US\")), not " + shown(code));
    next();
    if (!accept(token_kind::rparen)) return fail(peek(), "expected ')' to close most(), not " + shown(peek()));
    n.kind = node_kind::name;
    n.text = family.text + ".most." + code.text;
    n.length = toks_[pos_ - 1].offset + 1 - n.offset;
    return add(std::move(n));
  }

  index parse_primary(std::size_t depth) {
    const token& t = peek();
    syntax_node n;
    n.offset = t.offset;
    n.length = t.length;
    switch (t.kind) {
      case token_kind::kw_true:
      case token_kind::kw_false:
        next();
        n.kind = node_kind::boolean;
        n.boolean = t.kind == token_kind::kw_true;
        return add(std::move(n));
      case token_kind::integer:
        next();
        n.kind = node_kind::integer;
        n.integer = t.integer;
        return add(std::move(n));
      case token_kind::string:
        next();
        n.kind = node_kind::string;
        n.text = t.text;
        return add(std::move(n));
      case token_kind::lbracket: return parse_list();
      case token_kind::lparen: {
        next();
        if (depth + 1 > k_max_depth) return too_deep(t);
        auto inner = parse_or(depth + 1);
        if (!inner) return inner;
        if (!accept(token_kind::rparen)) {
          const source_location open = where_(t.offset);
          return fail(peek(), "expected ')' to close the '(' at " + std::to_string(open.line) + ":" +
                                  std::to_string(open.column) + ", not " + shown(peek()));
        }
        return inner;
      }
      case token_kind::identifier: {
        next();
        n.text = t.text;
        if (peek().kind == token_kind::lbracket) return parse_member(std::move(n));
        if (!accept(token_kind::lparen)) {
          n.kind = node_kind::name;
          return add(std::move(n));
        }
        if (t.text == "most") return parse_most(std::move(n));
        if (depth + 1 > k_max_depth) return too_deep(t);
        n.kind = node_kind::call;
        if (peek().kind == token_kind::rparen) return fail(peek(), t.text + "() needs an argument");
        for (;;) {
          const token& arg_start = peek();
          auto arg = arg_start.kind == token_kind::lbracket ? parse_list() : parse_or(depth + 1);
          if (!arg) return arg;
          n.children.push_back(*arg);
          if (accept(token_kind::comma)) continue;
          if (accept(token_kind::rparen)) break;
          return fail(peek(), "expected ',' or ')' in the arguments of " + t.text + "(), not " + shown(peek()));
        }
        n.length = toks_[pos_ - 1].offset + 1 - t.offset;
        return add(std::move(n));
      }
      case token_kind::end: return fail(t, "the condition ends too early: expected a fact, a value or '('");
      default: return fail(t, "expected a fact, a value or '(', not " + shown(t));
    }
  }

  std::vector<token> toks_;
  std::size_t pos_ = 0;
  const locator& where_;
  syntax_tree tree_;
};

}  // namespace

result<syntax_tree> parse(std::string_view text, const locator& where) {
  auto tokens = lex(text, where);
  if (!tokens) return std::move(tokens).take_diagnostics();
  return parser(std::move(*tokens), where, std::string(text)).run();
}

}  // namespace breachclock::expr
