// read_incident: an incident with override layers laid over it (policy tests' cases and
// defaults, the CLI's --set), merged as documents and then read once, so that every error is
// located in the layer that wrote it.
#include <string>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "detail/document.hpp"
#include "facts/incident_check.hpp"

namespace breachclock {

namespace {

// Replaces or adds `member` in `object`.
void put(detail::doc_value& object, detail::doc_member member) {
  for (detail::doc_member& m : object.members) {
    if (m.key == member.key) {
      m = std::move(member);
      return;
    }
  }
  object.members.push_back(std::move(member));
}

}  // namespace

result<incident> read_incident(const document& base, const std::vector<document>& overrides,
                               const fact_schema& schema) {
  const detail::doc_value* root = detail::node_of(base);
  if (root == nullptr) return make_error("incident.shape", base.where(), "there is no incident here");
  if (overrides.empty()) return detail::read_incident_root(*root, schema, {});
  std::vector<diagnostic> ds;
  detail::doc_value merged = *root;
  for (const document& o : overrides) {
    const detail::doc_value* layer_root = detail::node_of(o);
    if (layer_root == nullptr) continue;  // an absent part: nothing laid over
    if (layer_root->type != detail::doc_value::kind::object) {
      ds.push_back(make_error("incident.overrides", layer_root->where(),
                              std::string("overrides are ") + (layer_root->is_json() ? "an object" : "a table") +
                                  " holding facts and events, not " +
                                  detail::describe(layer_root->type, layer_root->is_json())));
      continue;
    }
    // A scope given by a layer replaces the base's (a list is one value, not a table to merge).
    if (const detail::doc_value* scope = layer_root->find("scope")) {
      detail::doc_member m;
      m.key = "scope";
      m.value = *scope;
      put(merged, std::move(m));
    }
    // A layer's journal entries join the base's (each list is kept in order of `at` when read).
    for (const char* section : {"learned", "filed", "requested", "delayed"}) {
      const detail::doc_value* layer = layer_root->find(section);
      if (layer == nullptr) continue;
      detail::doc_member target;
      target.key = section;
      const detail::doc_value* existing = merged.find(section);
      if (existing == nullptr || existing->type != detail::doc_value::kind::array ||
          layer->type != detail::doc_value::kind::array) {
        target.value = *layer;  // not a list: the reader says so, at the layer's value
      } else {
        target.value = *existing;
        target.value.items.insert(target.value.items.end(), layer->items.begin(), layer->items.end());
      }
      put(merged, std::move(target));
    }
    std::vector<std::string> sections{"facts", "events"};
    for (const count_family& f : schema.families()) sections.push_back(f.name);
    for (const std::string& section : sections) {
      const detail::doc_value* layer = layer_root->find(section);
      if (layer == nullptr) continue;
      if (layer->type != detail::doc_value::kind::object) {
        ds.push_back(make_error("incident.overrides", layer->where(),
                                section + " overrides are " + (layer->is_json() ? "an object" : "a table")));
        continue;
      }
      detail::doc_member target;
      target.key = section;
      if (const detail::doc_value* existing = merged.find(section)) {
        target.value = *existing;
      } else {
        target.value.type = detail::doc_value::kind::object;
        target.value.region = layer->region;
        target.value.source = layer->source;
      }
      for (const detail::doc_member& m : layer->members) put(target.value, m);
      put(merged, std::move(target));
    }
  }
  return detail::read_incident_root(merged, schema, std::move(ds));
}

}  // namespace breachclock
