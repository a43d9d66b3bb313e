#include "expr/checker.hpp"

#include <algorithm>
#include <optional>

#include "detail/text.hpp"

namespace breachclock::expr {

namespace {

token_kind flipped(token_kind k) {
  switch (k) {
    case token_kind::lt: return token_kind::gt;
    case token_kind::le: return token_kind::ge;
    case token_kind::gt: return token_kind::lt;
    case token_kind::ge: return token_kind::le;
    default: return k;
  }
}

std::string op_text(token_kind k) {
  std::string d = describe(k);
  return d;
}

std::string a_type(const fact_decl& f) {
  switch (f.type) {
    case fact_type::boolean: return "a bool fact (true or false)";
    case fact_type::integer: return "an int fact";
    case fact_type::enumeration: return "an enum fact (" + detail::quoted_list(f.values) + ")";
    case fact_type::set: return "a set fact (any of " + detail::quoted_list(f.values) + ")";
    case fact_type::text: return "a text fact";
  }
  return "a fact";
}

}  // namespace

class checker {
 public:
  checker(const syntax_tree& tree, const fact_schema& schema, const locator& where)
      : tree_(tree), schema_(schema), where_(where) {
    out_.text_ = tree.text;
    program_.fact_count = schema.facts().size();
    program_.event_count = schema.events().size();
  }

  result<condition> run() {
    auto root = boolean(tree_.root);
    if (has_errors(errors_)) return errors_;
    program_.root = *root;
    // The nesting of and / or / not, children before parents: one pass.
    std::vector<std::uint32_t> depth(program_.nodes.size(), 0);
    for (std::size_t i = 0; i < program_.nodes.size(); ++i) {
      const checked_node& n = program_.nodes[i];
      if (n.operation != op::logical_not && n.operation != op::logical_and && n.operation != op::logical_or) continue;
      std::uint32_t below = 0;
      for (std::uint32_t child : program_.children_of(n)) below = std::max(below, depth[child]);
      depth[i] = below + 1;
    }
    program_.depth = depth.empty() ? 0 : depth[program_.root];
    std::sort(out_.facts_used_.begin(), out_.facts_used_.end());
    out_.facts_used_.erase(std::unique(out_.facts_used_.begin(), out_.facts_used_.end()), out_.facts_used_.end());
    std::sort(out_.events_used_.begin(), out_.events_used_.end());
    out_.events_used_.erase(std::unique(out_.events_used_.begin(), out_.events_used_.end()), out_.events_used_.end());
    out_.program_ = std::make_shared<const program>(std::move(program_));
    return std::move(out_);
  }

 private:
  using maybe = std::optional<std::uint32_t>;

  const syntax_node& node(std::uint32_t i) const { return tree_.at(i); }

  maybe error(const syntax_node& at, const char* code, std::string message) {
    errors_.push_back(make_error(code, where_(at.offset), std::move(message)));
    return std::nullopt;
  }

  std::uint32_t emit(const checked_node& n) {
    program_.nodes.push_back(n);
    return static_cast<std::uint32_t>(program_.nodes.size() - 1);
  }

  // Where the next entry of a side table goes.
  static std::uint32_t next(std::size_t table_size) { return static_cast<std::uint32_t>(table_size); }

  std::uint16_t use(const fact_decl& f) {
    out_.facts_used_.push_back(f.index);
    return static_cast<std::uint16_t>(f.index);
  }

  std::uint16_t use(const event_decl& e) {
    const auto i = static_cast<std::size_t>(&e - schema_.events().data());
    out_.events_used_.push_back(i);
    return static_cast<std::uint16_t>(i);
  }

  // A name that must be a fact or event; reports and returns false when it is neither.
  bool known_name(const syntax_node& n) {
    if (schema_.fact(n.text) != nullptr || schema_.event(n.text) != nullptr) return true;
    error(n, "expr.unknown-name",
          "unknown fact '" + detail::excerpt(n.text) + "'" + detail::did_you_mean(n.text, schema_.names()));
    return false;
  }

  // The value number of `literal` in `f`, or an error at the literal.
  std::optional<std::int64_t> value_index(const fact_decl& f, const syntax_node& literal) {
    auto it = std::find(f.values.begin(), f.values.end(), literal.text);
    if (it != f.values.end()) return it - f.values.begin();
    error(literal, "expr.value",
          "'" + detail::excerpt(literal.text) + "' is not a value of " + f.name +
              detail::did_you_mean(literal.text, f.values) + " (the values are " + detail::quoted_list(f.values) + ")");
    return std::nullopt;
  }

  // The mask of a list of string literals, all values of `f`; or nothing after reporting.
  std::optional<std::uint64_t> value_mask(const fact_decl& f, const syntax_node& list) {
    std::uint64_t mask = 0;
    bool ok = true;
    for (std::uint32_t c : list.children) {
      const syntax_node& item = node(c);
      if (item.kind != node_kind::string) {
        error(item, "expr.type", f.name + " has string values: this list must hold strings");
        ok = false;
        continue;
      }
      if (auto i = value_index(f, item)) mask |= std::uint64_t{1} << *i;
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return mask;
  }

  maybe boolean(std::uint32_t i) {
    const syntax_node& n = node(i);
    switch (n.kind) {
      case node_kind::boolean: {
        checked_node c;
        c.operation = op::constant;
        c.integer = n.boolean ? 1 : 0;
        return emit(c);
      }
      case node_kind::integer:
      case node_kind::string:
      case node_kind::list: return error(n, "expr.type", "a value alone is not a condition: compare a fact with it");
      case node_kind::name: {
        if (!known_name(n)) return std::nullopt;
        if (const event_decl* e = schema_.event(n.text)) {
          return error(n, "expr.type", "'" + e->name + "' is an event: test it with known(" + e->name + ")");
        }
        const fact_decl& f = *schema_.fact(n.text);
        if (f.type != fact_type::boolean) {
          std::string how = f.type == fact_type::enumeration && !f.values.empty()
                                ? ", as in " + f.name + " == \"" + f.values.front() + "\""
                            : f.type == fact_type::set && !f.values.empty()
                                ? ", as in \"" + f.values.front() + "\" in " + f.name
                                : "";
          return error(n, "expr.type", f.name + " is " + a_type(f) + ", not true or false: compare it" + how);
        }
        checked_node c;
        c.operation = op::bool_fact;
        c.a = use(f);
        return emit(c);
      }
      case node_kind::logical_not: {
        auto inner = boolean(n.children[0]);
        if (!inner) return std::nullopt;
        return logical_not(*inner);
      }
      case node_kind::logical_and:
      case node_kind::logical_or: {
        checked_node c;
        c.operation = n.kind == node_kind::logical_and ? op::logical_and : op::logical_or;
        std::vector<std::uint32_t> kids;  // emitted before this node, so gathered first
        kids.reserve(n.children.size());
        bool ok = true;
        for (std::uint32_t child : n.children) {
          auto k = boolean(child);
          if (k) kids.push_back(*k);
          else ok = false;
        }
        if (!ok) return std::nullopt;
        c.first = next(program_.children.size());
        c.count = static_cast<std::uint32_t>(kids.size());
        program_.children.insert(program_.children.end(), kids.begin(), kids.end());
        return emit(c);
      }
      case node_kind::compare: return compare(n);
      case node_kind::in:
      case node_kind::not_in: {
        auto in = membership(n);
        if (!in || n.kind == node_kind::in) return in;
        return logical_not(*in);
      }
      case node_kind::call: return call(n);
    }
    return error(n, "expr.type", "not a condition");
  }

  std::uint32_t logical_not(std::uint32_t inner) {
    checked_node c;
    c.operation = op::logical_not;
    c.first = next(program_.children.size());
    c.count = 1;
    program_.children.push_back(inner);
    return emit(c);
  }

  static bool is_literal(const syntax_node& n) {
    return n.kind == node_kind::boolean || n.kind == node_kind::integer || n.kind == node_kind::string ||
           n.kind == node_kind::list;
  }

  static std::string literal_kind(const syntax_node& n) {
    switch (n.kind) {
      case node_kind::boolean: return "true or false";
      case node_kind::integer: return "a number";
      case node_kind::string: return "a string";
      case node_kind::list: return "a list";
      default: return "a condition";
    }
  }

  // A fact operand of a comparison: the name must be a fact (not an event).
  const fact_decl* fact_operand(const syntax_node& n) {
    if (n.kind != node_kind::name) {
      error(n, "expr.type", "compare a fact with a value: this side is " + literal_kind(n));
      return nullptr;
    }
    if (!known_name(n)) return nullptr;
    if (schema_.event(n.text) != nullptr) {
      error(n, "expr.type", "'" + n.text + "' is an event: events can only be tested with known(" + n.text + ")");
      return nullptr;
    }
    return schema_.fact(n.text);
  }

  maybe compare(const syntax_node& n) {
    const syntax_node* left = &node(n.children[0]);
    const syntax_node* right = &node(n.children[1]);
    token_kind cmp = n.op;
    if (is_literal(*left) && is_literal(*right)) {
      return error(n, "expr.constant", "this compares two values: the result never depends on the incident");
    }
    if (is_literal(*left)) {
      std::swap(left, right);
      cmp = flipped(cmp);
    }
    const fact_decl* f = fact_operand(*left);
    if (f == nullptr) {
      if (right->kind == node_kind::name) known_name(*right);
      return std::nullopt;
    }
    const bool equality = cmp == token_kind::eq || cmp == token_kind::ne;
    const fact_decl* g = nullptr;
    if (right->kind == node_kind::name) {
      g = fact_operand(*right);
      if (g == nullptr) return std::nullopt;
    } else if (right->kind != node_kind::boolean && right->kind != node_kind::integer &&
               right->kind != node_kind::string) {
      return error(*right, "expr.type",
                   op_text(cmp) + " compares with one value, not a list: write " + f->name + " in [...]");
    }
    auto mismatch = [&](const syntax_node& at) {
      return error(at, "expr.type",
                   f->name + " is " + a_type(*f) + "; it cannot be compared with " +
                       (g != nullptr ? g->name + ", which is " + a_type(*g) : literal_kind(*right)));
    };
    checked_node c;
    c.a = use(*f);
    switch (f->type) {
      case fact_type::boolean:
        if (!equality) return error(n, "expr.type", f->name + " is true or false: only == and != compare it");
        if (g != nullptr || right->kind != node_kind::boolean) return mismatch(*right);
        c.operation = op::bool_fact;
        {
          const bool want_true = right->boolean == (cmp == token_kind::eq);
          const std::uint32_t fact = emit(c);
          return want_true ? fact : logical_not(fact);
        }
      case fact_type::integer:
        c.operation = op::int_compare;
        c.cmp = cmp;
        if (g != nullptr) {
          if (g->type != fact_type::integer) return mismatch(*right);
          c.b = use(*g);
          c.has_b = true;
        } else if (right->kind == node_kind::integer) {
          c.integer = right->integer;
        } else {
          return mismatch(*right);
        }
        return emit(c);
      case fact_type::enumeration:
        if (!equality) return error(n, "expr.type", f->name + " is " + a_type(*f) + ": only == and != compare it");
        c.operation = op::enum_equals;
        if (g != nullptr) {
          if (g->type != fact_type::enumeration || g->values != f->values) return mismatch(*right);
          c.b = use(*g);
          c.has_b = true;
        } else if (right->kind == node_kind::string) {
          auto idx = value_index(*f, *right);
          if (!idx) return std::nullopt;
          c.integer = *idx;
        } else {
          return mismatch(*right);
        }
        break;
      case fact_type::text:
        if (!equality) return error(n, "expr.type", f->name + " is text: only == and != compare it");
        if (g != nullptr || right->kind != node_kind::string) return mismatch(*right);
        c.operation = op::text_equals;
        c.first = next(program_.texts.size());
        c.count = 1;
        program_.texts.push_back(right->text);
        break;
      case fact_type::set:
        return error(*left, "expr.type",
                     f->name + " is " + a_type(*f) + ": test it with \"value\" in " + f->name + ", any_of(" + f->name +
                         ", [...]) or all_of(" + f->name + ", [...])");
    }
    const std::uint32_t eq = emit(c);
    return cmp == token_kind::ne ? logical_not(eq) : eq;
  }

  maybe membership(const syntax_node& n) {
    const syntax_node& left = node(n.children[0]);
    const syntax_node& right = node(n.children[1]);
    if (right.kind == node_kind::name) {
      const fact_decl* s = fact_operand(right);
      if (s == nullptr) return std::nullopt;
      if (s->type != fact_type::set) {
        return error(right, "expr.type",
                     "'in' needs a list or a set fact on its right; " + s->name + " is " + a_type(*s));
      }
      checked_node c;
      c.operation = op::set_has;
      c.a = use(*s);
      if (left.kind == node_kind::string) {
        auto idx = value_index(*s, left);
        if (!idx) return std::nullopt;
        c.integer = *idx;
      } else if (left.kind == node_kind::name) {
        const fact_decl* e = fact_operand(left);
        if (e == nullptr) return std::nullopt;
        if (e->type != fact_type::enumeration || e->values != s->values) {
          return error(left, "expr.type",
                       "only a string, or an enum fact with the same values as " + s->name + ", can be in " + s->name);
        }
        c.b = use(*e);
        c.has_b = true;
      } else {
        return error(left, "expr.type", "only a string can be in " + s->name + ", not " + literal_kind(left));
      }
      return emit(c);
    }
    if (right.kind != node_kind::list) {
      return error(right, "expr.type", "'in' needs a list, such as [\"a\", \"b\"], or a set fact on its right");
    }
    if (is_literal(left))
      return error(n, "expr.constant", "this tests a value against a list: the result never depends on the incident");
    const fact_decl* f = fact_operand(left);
    if (f == nullptr) return std::nullopt;
    checked_node c;
    c.a = use(*f);
    switch (f->type) {
      case fact_type::enumeration: {
        auto mask = value_mask(*f, right);
        if (!mask) return std::nullopt;
        c.operation = op::enum_in;
        c.mask = *mask;
        return emit(c);
      }
      case fact_type::integer:
        c.operation = op::int_in;
        c.first = next(program_.ints.size());
        for (std::uint32_t i : right.children) {
          const syntax_node& item = node(i);
          if (item.kind != node_kind::integer)
            return error(item, "expr.type", f->name + " is a number: this list must hold numbers");
          program_.ints.push_back(item.integer);
          ++c.count;
        }
        return emit(c);
      case fact_type::text:
        c.operation = op::text_in;
        c.first = next(program_.texts.size());
        for (std::uint32_t i : right.children) {
          const syntax_node& item = node(i);
          if (item.kind != node_kind::string)
            return error(item, "expr.type", f->name + " is text: this list must hold strings");
          program_.texts.push_back(item.text);
          ++c.count;
        }
        return emit(c);
      case fact_type::boolean:
        return error(left, "expr.type", f->name + " is true or false: test it directly, or with == true");
      case fact_type::set:
        return error(left, "expr.type",
                     f->name + " is a set: use any_of(" + f->name + ", [...]) or all_of(" + f->name + ", [...])");
    }
    return std::nullopt;
  }

  maybe call(const syntax_node& n) {
    static const std::vector<std::string> functions{"known", "any_of", "all_of"};
    if (n.text == "known") {
      if (n.children.size() != 1) return error(n, "expr.call", "known() takes one fact or event");
      const syntax_node& arg = node(n.children[0]);
      if (arg.kind != node_kind::name) return error(arg, "expr.call", "known() takes the name of a fact or event");
      if (!known_name(arg)) return std::nullopt;
      checked_node c;
      if (const event_decl* e = schema_.event(arg.text)) {
        c.operation = op::known_event;
        c.a = use(*e);
      } else {
        c.operation = op::known_fact;
        c.a = use(*schema_.fact(arg.text));
      }
      return emit(c);
    }
    if (n.text == "any_of" || n.text == "all_of") {
      if (n.children.size() != 2)
        return error(n, "expr.call",
                     n.text + "() takes a set fact and a list: " + n.text + "(data_categories, [\"health\"])");
      const syntax_node& first = node(n.children[0]);
      const syntax_node& second = node(n.children[1]);
      const fact_decl* s = fact_operand(first);
      if (s == nullptr) return std::nullopt;
      if (s->type != fact_type::set)
        return error(first, "expr.call", n.text + "() needs a set fact first; " + s->name + " is " + a_type(*s));
      if (second.kind != node_kind::list)
        return error(second, "expr.call", n.text + "() needs a list of values second");
      auto mask = value_mask(*s, second);
      if (!mask) return std::nullopt;
      checked_node c;
      c.operation = n.text == "any_of" ? op::set_any : op::set_all;
      c.a = use(*s);
      c.mask = *mask;
      return emit(c);
    }
    return error(n, "expr.call",
                 "unknown function '" + detail::excerpt(n.text) + "'" + detail::did_you_mean(n.text, functions) +
                     " (the functions are known, any_of and all_of)");
  }

  const syntax_tree& tree_;
  const fact_schema& schema_;
  const locator& where_;
  condition out_;
  program program_;
  std::vector<diagnostic> errors_;
};

const program& program_of(const condition& c) {
  if (c.program_ == nullptr) {
    throw error(
        make_error("expr.empty", {}, "an empty condition (one never compiled) cannot be evaluated or analysed"));
  }
  return *c.program_;
}

const program& program_for(const condition& c, std::size_t facts, std::size_t events) {
  const program& p = program_of(c);
  if (p.fact_count != facts || p.event_count != events) {
    throw error(make_error("expr.schema-mismatch", {},
                           "the condition '" + detail::excerpt(c.text()) + "' was compiled against a schema of " +
                               std::to_string(p.fact_count) + " facts and " + std::to_string(p.event_count) +
                               " events, and used with one of " + std::to_string(facts) + " facts and " +
                               std::to_string(events) + " events"));
  }
  return p;
}

std::size_t condition::size() const noexcept { return program_ == nullptr ? 0 : program_->nodes.size(); }

result<condition> check(const syntax_tree& tree, const fact_schema& schema, const locator& where) {
  return checker(tree, schema, where).run();
}

result<condition> compile(std::string_view text, const fact_schema& schema, const locator& where) {
  auto tree = parse(text, where);
  if (!tree) return std::move(tree).take_diagnostics();
  return check(*tree, schema, where);
}

}  // namespace breachclock::expr
