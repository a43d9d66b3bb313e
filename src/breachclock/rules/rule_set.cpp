// The rule set: its accessors, the index of duties, the digest, the bundled set and the order of
// loading (schema, calendars, packs through pack_reader, then the checks across packs).
#include "breachclock/rules/rule_set.hpp"

#include <algorithm>
#include <map>

#include "breachclock/facts/regions.hpp"
#include "detail/sha256.hpp"
#include "detail/text.hpp"
#include "rules/checks.hpp"
#include "rules/pack_reader.hpp"
#include "rules/rule_set_data.hpp"

namespace breachclock {

// ---- the loaded data -----------------------------------------------------------------------

void rule_set::data::index_duties() {
  std::map<std::string, duty> by_id;
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      duty& d = by_id[o.id];
      d.id = o.id;
      d.versions.push_back(duty_version{&o, &r, r.find_authority(o.to)});
    }
  }
  for (auto& [id, d] : by_id) {
    // Versions in order of the start of their windows (which the loader checked are disjoint).
    std::stable_sort(d.versions.begin(), d.versions.end(), [](const duty_version& a, const duty_version& b) {
      return a.rule->effective.from.value_or(instant::min()) < b.rule->effective.from.value_or(instant::min());
    });
  }
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      for (const exception_rule& e : o.unless) {
        if (!e.instead.empty()) by_id[e.instead].redirects.push_back(duty_redirect{&o, &r, &e});
      }
    }
  }
  duties.clear();
  duties.reserve(by_id.size());
  for (auto& [id, d] : by_id) duties.push_back(std::move(d));
}

const fact_schema& rule_set::schema() const noexcept { return data_->schema; }
const std::vector<regime>& rule_set::regimes() const noexcept { return data_->regimes; }
const std::vector<policy_target>& rule_set::targets() const noexcept { return data_->targets; }
const std::string& rule_set::digest() const noexcept { return data_->digest; }
const std::vector<diagnostic>& rule_set::warnings() const noexcept { return data_->warnings; }
const std::vector<duty>& rule_set::duties() const noexcept { return data_->duties; }

const duty* rule_set::find_duty(std::string_view id) const noexcept {
  const std::vector<duty>& all = data_->duties;
  auto it = std::lower_bound(all.begin(), all.end(), id,
                             [](const duty& d, std::string_view key) { return d.id < key; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

const holiday_calendar* rule_set::calendar(std::string_view id) const noexcept {
  auto it = data_->calendars.find(id);
  return it == data_->calendars.end() ? nullptr : &it->second;
}

std::vector<std::string> rule_set::calendar_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, c] : data_->calendars) ids.push_back(id);
  return ids;
}

std::vector<const obligation*> rule_set::versions(std::string_view id) const {
  std::vector<const obligation*> out;
  if (const duty* d = find_duty(id)) {
    for (const duty_version& v : d->versions) out.push_back(v.rule);
  }
  return out;
}

std::vector<std::string> rule_set::obligation_ids() const {
  std::vector<std::string> ids;
  ids.reserve(data_->duties.size());
  for (const duty& d : data_->duties) ids.push_back(d.id);
  return ids;
}

// ---- loading -------------------------------------------------------------------------------

namespace {

// The folder a rule file was read from, as the user named it ("rules", "<bundled>").
std::string folder_of(const source_file& f) {
  std::string_view path = f.path;
  if (path.size() > f.relative.size() && path.substr(path.size() - f.relative.size()) == f.relative) {
    path.remove_suffix(f.relative.size());
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return std::string(path);
  }
  return f.path;
}

std::string stem(std::string_view relative) {
  const auto slash = relative.rfind('/');
  std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  for (std::string_view ext : {".toml", ".json"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) name.remove_suffix(ext.size());
  }
  return std::string(name);
}

// "sha256:" and the hash of the files' names (policies by "policy:<stem>"), sizes and texts,
// in order of name, so that neither the order of the files nor their folder changes it.
std::string digest_of(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
  std::vector<std::pair<std::string, const std::string*>> all;
  all.reserve(files.size() + policies.size());
  for (const source_file& f : files) all.emplace_back(f.relative, &f.text);
  for (const source_file& f : policies) all.emplace_back("policy:" + stem(f.relative), &f.text);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  detail::sha256 h;
  for (const auto& [name, text] : all) {
    h.update(name);
    h.update(std::string_view("\0", 1));
    h.update(std::to_string(text->size()));
    h.update(std::string_view("\0", 1));
    h.update(*text);
  }
  return "sha256:" + h.hex();
}

}  // namespace

// The one place a rule_set is made (a friend of it).
class rule_loader {
 public:
  result<rule_set> load(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
    auto d = std::make_shared<rule_set::data>();
    rules_detail::load_state s{*d, ds_, {}, 0, false};
    if (files.size() + policies.size() > k_max_rule_files) {
      // Located at the first file past the limit (policies come after the rule folder's files).
      const source_file& extra = k_max_rule_files < files.size() ? files[k_max_rule_files]
                                                                 : policies[k_max_rule_files - files.size()];
      s.error({extra.path, 1, 1}, "limit.files",
              "a rule set has at most " + std::to_string(k_max_rule_files) + " files");
      return ds_;
    }

    // 1. The fact schema, which every condition is checked against.
    const source_file* facts = nullptr;
    const source_file* regions = nullptr;
    std::vector<const source_file*> calendars;
    std::vector<const source_file*> packs;
    for (const source_file& f : files) {
      if (f.relative == "facts.toml" || f.relative == "facts.json") {
        if (facts != nullptr) {
          s.error({f.path, 1, 1}, "rules.schema-twice", "the rule folder has both facts.toml and facts.json: keep one");
          return ds_;
        }
        facts = &f;
      } else if (f.relative == "regions.toml" || f.relative == "regions.json") {
        if (regions != nullptr) {
          s.error({f.path, 1, 1}, "rules.regions-twice",
                  "the rule folder has both regions.toml and regions.json: keep one");
          return ds_;
        }
        regions = &f;
      } else if (f.relative.starts_with("calendars/")) calendars.push_back(&f);
      else if (f.relative.starts_with("policy/")) continue;  // overlays load only when named
      else packs.push_back(&f);
    }
    if (files.empty()) {
      s.error({}, "rules.no-files", "no rule files were given");
      return ds_;
    }
    if (facts == nullptr) {
      s.error({folder_of(files.front()), 0, 0}, "rules.no-schema",
              "the rule folder has no facts.toml or facts.json (the fact schema)");
      return ds_;
    }
    auto schema = parse_fact_schema(facts->text, facts->path);
    s.take(schema.diagnostics());
    if (!schema) return ds_;
    d->schema = std::move(*schema);
    if (regions != nullptr) {
      auto table = parse_regions(regions->text, regions->path);
      s.take(table.diagnostics());
      if (!table) return ds_;
      d->schema.set_regions(std::make_shared<const region_table>(std::move(*table)));
    }
    if (packs.empty()) {
      // A rule set with no law would answer "no obligation applies" to every incident.
      s.error({folder_of(files.front()), 0, 0}, "rules.no-packs",
              "the rule folder has no rule packs (only facts.toml" +
                  std::string(calendars.empty() ? "" : " and calendars") + ")");
    }

    // 2. Calendars.
    for (const source_file* f : calendars) {
      auto c = parse_calendar(f->text, f->path);
      s.take(c.diagnostics());
      if (!c) continue;
      const std::string expected = stem(f->relative);
      if (c->id() != expected) {
        s.error({f->path, 1, 1}, "rules.calendar-id",
                "calendar id '" + detail::excerpt(c->id()) + "' must match its file name '" +
                    detail::excerpt(f->relative.substr(f->relative.rfind('/') + 1)) + "'");
        continue;
      }
      if (!d->calendars.emplace(c->id(), std::move(*c)).second) {
        // calendars/<id>.toml and calendars/<id>.json: which one holds would be a guess.
        s.error({f->path, 1, 1}, "rules.duplicate-calendar",
                "calendar '" + detail::excerpt(expected) + "' is written twice (as calendars/" +
                    detail::excerpt(expected) + ".json and .toml): keep one");
      }
    }

    // 3. Rule packs and policy overlays.
    for (const source_file* f : packs) rules_detail::read_pack(*f, pack_kind::law, s);
    for (const source_file& f : policies) rules_detail::read_pack(f, pack_kind::policy, s);

    // 4. Checks across packs.
    rules_detail::check_across_packs(s);
    sort_by_location(ds_);

    if (has_errors(ds_)) return ds_;
    d->digest = digest_of(files, policies);
    d->warnings = ds_;
    d->index_duties();
    return result<rule_set>(rule_set{std::move(d)}, ds_);
  }

 private:
  std::vector<diagnostic> ds_;
};

result<rule_set> rule_set::load(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
  result<rule_set> loaded = rule_loader{}.load(files, policies);
  if (loaded) return loaded;
  std::vector<diagnostic> ds = std::move(loaded).take_diagnostics();
  sort_by_location(ds);
  return ds;
}

result<rule_set> rule_set::load(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& policies) {
  auto files = read_directory(dir);
  if (!files) return std::move(files).take_diagnostics();
  std::vector<source_file> overlays;
  std::vector<diagnostic> ds;
  for (const auto& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
  }
  if (has_errors(ds)) return ds;
  return load(*files, overlays);
}

rule_set rule_set::bundled() {
  static const rule_set set = [] {
    auto loaded = load(bundled_rule_files());
    if (!loaded) throw error(loaded.diagnostics());
    return *loaded;
  }();
  return set;
}

}  // namespace breachclock
