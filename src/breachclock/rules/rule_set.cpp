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
  // The law in force and the proposed law apart: a proposed version never joins duties().
  std::map<std::string, duty> by_id;
  std::map<std::string, duty> proposed_by_id;
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      duty& d = (o.proposed.empty() ? by_id : proposed_by_id)[o.id];
      d.id = o.id;
      d.versions.push_back(duty_version{&o, &r, r.find_authority(o.to)});
    }
  }
  for (auto* all : {&by_id, &proposed_by_id}) {
    for (auto& [id, d] : *all) {
      // Versions in order of the start of their windows (which the loader checked are disjoint).
      std::stable_sort(d.versions.begin(), d.versions.end(), [](const duty_version& a, const duty_version& b) {
        return a.rule->effective.from.value_or(instant::min()) < b.rule->effective.from.value_or(instant::min());
      });
    }
  }
  // The redirects of a duty in force come from the law in force; those of a proposed duty from
  // the law as the proposals would make it (proposed obligations, and those in force that no
  // proposal amends).
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      const bool proposed = !o.proposed.empty();
      for (const exception_rule& e : o.unless) {
        if (e.instead.empty()) continue;
        const duty_redirect redirect{&o, &r, &e};
        if (!proposed) by_id[e.instead].redirects.push_back(redirect);
        if (proposed || !proposed_by_id.contains(o.id)) {
          if (auto it = proposed_by_id.find(e.instead); it != proposed_by_id.end())
            it->second.redirects.push_back(redirect);
        }
      }
    }
  }
  duties.clear();
  duties.reserve(by_id.size());
  for (auto& [id, d] : by_id) {
    if (!d.versions.empty()) duties.push_back(std::move(d));  // a redirect to a substitute only proposed
  }
  proposed_duties.clear();
  proposed_duties.reserve(proposed_by_id.size());
  for (auto& [id, d] : proposed_by_id) proposed_duties.push_back(std::move(d));
}

const fact_schema& rule_set::schema() const noexcept { return data_->schema; }
const std::vector<regime>& rule_set::regimes() const noexcept { return data_->regimes; }
const std::vector<policy_target>& rule_set::targets() const noexcept { return data_->targets; }
const std::string& rule_set::digest() const noexcept { return data_->digest; }
const std::vector<diagnostic>& rule_set::warnings() const noexcept { return data_->warnings; }
const std::vector<duty>& rule_set::duties() const noexcept { return data_->duties; }
const std::vector<duty>& rule_set::proposed_duties() const noexcept { return data_->proposed_duties; }

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

// A module of the files given: the folder that holds `<folder>/module.toml`.
struct module_folder {
  std::string folder;  // the first segment of its files' relative paths, as given
  std::string shown;   // the folder as messages name it ("rules/uk", "<bundled>/uk")
  std::string id;      // from module.toml
  const source_file* manifest = nullptr;
};

// module.toml, or its JSON twin module.json.
bool is_manifest_name(std::string_view name) { return name == "module.toml" || name == "module.json"; }

bool is_module_manifest(const source_file& f) {
  const auto slash = f.relative.find('/');
  return slash != std::string::npos && f.relative.find('/', slash + 1) == std::string::npos &&
         is_manifest_name(std::string_view(f.relative).substr(slash + 1));
}

bool ends_with_manifest(std::string_view relative) {
  return is_manifest_name(relative) || (relative.size() > 12 && relative[relative.size() - 12] == '/' &&
                                        is_manifest_name(relative.substr(relative.size() - 11)));
}

// The one place a rule_set is made (a friend of it).
class rule_loader {
 public:
  result<rule_set> load(const std::vector<source_file>& given, const std::vector<source_file>& policies) {
    auto d = std::make_shared<rule_set::data>();
    rules_detail::load_state s{*d, ds_, {}, 0, false, {}, {}, {}, false, {}, {}};
    if (given.size() + policies.size() > k_max_rule_files) {
      // Located at the first file past the limit (policies come after the rule folder's files).
      const source_file& extra = k_max_rule_files < given.size() ? given[k_max_rule_files]
                                                                 : policies[k_max_rule_files - given.size()];
      s.error({extra.path, 1, 1}, "limit.files",
              "a rule set has at most " + std::to_string(k_max_rule_files) + " files");
      return ds_;
    }
    if (given.empty()) {
      s.error({}, "rules.no-files", "no rule files were given");
      return ds_;
    }

    // 0. Modules: their module.toml, their id (which their files' relative paths take), and
    // the files that are not rules (tests/, examples/), left out of everything and the digest.
    std::vector<module_folder> modules;
    for (const source_file& f : given) {
      if (is_module_manifest(f)) {
        auto m = rules_detail::read_module(f, s);
        const std::string folder = f.relative.substr(0, f.relative.find('/'));
        std::string shown = f.path.size() > 12 ? f.path.substr(0, f.path.size() - 12) : folder;
        modules.push_back(module_folder{folder, std::move(shown), m ? m->id : std::string(), &f});
      } else if (ends_with_manifest(f.relative)) {
        s.error({f.path, 1, 1}, "rules.not-a-module",
                is_manifest_name(f.relative)
                    ? "the rule folder is itself a module: add it with --add-rules (on top of the bundled rules or "
                      "of a --rules folder) instead of giving it as the rule folder"
                    : "a module.toml belongs at the top of a module, a folder directly in the rule folder (" +
                          f.relative.substr(0, f.relative.find('/')) + "/module.toml), not deeper");
      }
    }
    for (std::size_t i = 0; i < modules.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (!modules[i].id.empty() && modules[i].id == modules[j].id) {
          s.error({modules[i].manifest->path, 1, 1}, "rules.module-twice",
                  "the module '" + modules[i].id + "' is in two folders: " + modules[j].shown + " and " +
                      modules[i].shown + " (load each module once)");
          break;
        }
      }
    }
    if (has_errors(ds_)) return ds_;
    auto module_of = [&](const source_file& f) -> const module_folder* {
      for (const module_folder& m : modules) {
        if (f.relative.size() > m.folder.size() && f.relative.starts_with(m.folder) &&
            f.relative[m.folder.size()] == '/' && f.path.starts_with(m.shown))
          return &m;
      }
      return nullptr;
    };
    struct entry {
      source_file file;  // `relative` as the digest and checks see it: "<module id>/..." in a module
      std::string module;
    };
    std::vector<entry> files;
    files.reserve(given.size());
    for (const source_file& f : given) {
      const module_folder* m = module_of(f);
      if (m == nullptr) {
        files.push_back(entry{f, {}});
        continue;
      }
      const std::string rest = f.relative.substr(m->folder.size() + 1);
      if (rest.starts_with("tests/") || rest.starts_with("examples/")) continue;  // not rules
      source_file copy = f;
      copy.relative = m->id + "/" + rest;
      files.push_back(entry{std::move(copy), m->id});
    }

    // 1. The fact schema, which every condition is checked against: the core facts.toml and
    // every module's.
    const source_file* facts = nullptr;
    const source_file* regions = nullptr;
    std::vector<source_file> module_facts;
    std::vector<const entry*> calendars;
    std::vector<const entry*> packs;
    for (const entry& e : files) {
      const source_file& f = e.file;
      const std::string_view rest = e.module.empty() ? std::string_view(f.relative)
                                                     : std::string_view(f.relative).substr(e.module.size() + 1);
      if (rest == "facts.toml" || rest == "facts.json") {
        const bool twice = e.module.empty()
                               ? facts != nullptr
                               : std::any_of(module_facts.begin(), module_facts.end(), [&](const source_file& x) {
                                   return s.module_of_file[x.path] == e.module;
                                 });
        if (twice) {
          s.error({f.path, 1, 1}, "rules.schema-twice",
                  std::string(e.module.empty() ? "the rule folder" : "the module '" + e.module + "'") +
                      " has both facts.toml and facts.json: keep one");
          return ds_;
        }
        if (e.module.empty()) facts = &f;
        else {
          module_facts.push_back(f);
          s.module_of_file[f.path] = e.module;
        }
      } else if (e.module.empty() && (rest == "regions.toml" || rest == "regions.json")) {
        if (regions != nullptr) {
          s.error({f.path, 1, 1}, "rules.regions-twice",
                  "the rule folder has both regions.toml and regions.json: keep one");
          return ds_;
        }
        regions = &f;
      } else if (rest.starts_with("calendars/")) {
        calendars.push_back(&e);
      } else if (!is_manifest_name(rest) && !(e.module.empty() && rest.starts_with("policy/"))) {
        packs.push_back(&e);  // not module.toml, and not an overlay (overlays load only when named)
      }
    }
    // In order of their relative paths, so that where a module was read from (the rule folder,
    // or --add-rules) changes nothing: not the order of regimes, nor which declaration is second.
    const auto by_relative = [](const auto* a, const auto* b) { return a->file.relative < b->file.relative; };
    std::stable_sort(packs.begin(), packs.end(), by_relative);
    std::stable_sort(calendars.begin(), calendars.end(), by_relative);
    std::stable_sort(module_facts.begin(), module_facts.end(),
                     [](const source_file& a, const source_file& b) { return a.relative < b.relative; });
    if (facts == nullptr) {
      s.error({folder_of(given.front()), 0, 0}, "rules.no-schema",
              "the rule folder has no facts.toml or facts.json (the fact schema)");
      return ds_;
    }
    std::vector<source_file> schema_parts{*facts};
    schema_parts.insert(schema_parts.end(), module_facts.begin(), module_facts.end());
    auto schema = merge_fact_schemas(schema_parts);
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
      s.error({folder_of(given.front()), 0, 0}, "rules.no-packs",
              "the rule folder has no rule packs (only facts.toml" +
                  std::string(calendars.empty() ? "" : " and calendars") + ")");
    }

    // 2. Calendars: the core ones and the modules'.
    std::map<std::string, std::string> calendar_file;  // id -> the file that declared it
    for (const entry* e : calendars) {
      const source_file* f = &e->file;
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
      const std::string id = c->id();
      if (!d->calendars.emplace(id, std::move(*c)).second) {
        // calendars/<id>.toml and calendars/<id>.json, or two modules': which one holds would be a guess.
        const std::string& first = calendar_file[id];
        s.error({f->path, 1, 1}, "rules.duplicate-calendar",
                first.substr(0, first.rfind('.')) == f->path.substr(0, f->path.rfind('.'))
                    ? "calendar '" + detail::excerpt(expected) + "' is written twice (as calendars/" +
                          detail::excerpt(expected) + ".json and .toml): keep one"
                    : "calendar '" + detail::excerpt(expected) + "' is declared twice (also in " + first +
                          "): calendar ids are shared by every module; rename one");
        continue;
      }
      calendar_file[id] = f->path;
      s.calendar_module[id] = e->module;
    }

    // 3. Rule packs and policy overlays.
    for (const entry* e : packs) rules_detail::read_pack(e->file, pack_kind::law, e->module, s);
    for (const source_file& f : policies) rules_detail::read_pack(f, pack_kind::policy, {}, s);

    // 4. Checks across packs.
    rules_detail::check_across_packs(s);
    sort_by_location(ds_);

    if (has_errors(ds_)) return ds_;
    std::vector<source_file> hashed;
    hashed.reserve(files.size());
    for (const entry& e : files) hashed.push_back(e.file);
    d->digest = digest_of(hashed, policies);
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

result<rule_set> rule_set::load(const std::vector<source_file>& base, const std::vector<source_file>& modules,
                                const std::vector<source_file>& policies) {
  // Every added file is in a module: `<folder>/...` with `<folder>/module.toml` among them.
  std::vector<diagnostic> ds;
  for (const source_file& f : modules) {
    const auto slash = f.relative.find('/');
    const std::string folder = slash == std::string::npos ? std::string() : f.relative.substr(0, slash);
    const bool in_module = !folder.empty() && std::any_of(modules.begin(), modules.end(), [&](const source_file& m) {
      return ends_with_manifest(m.relative) && m.relative.size() == folder.size() + 12 &&
             m.relative.starts_with(folder + "/") && f.path.starts_with(m.path.substr(0, m.path.size() - 11));
    });
    if (!in_module) {
      ds.push_back(make_error("rules.not-a-module", source_location{f.path, 0, 0},
                              "is not in a module: a folder added to the rules is a module (a folder that holds "
                              "module.toml) or a folder whose subfolders are all modules"));
    }
  }
  if (modules.empty()) {
    ds.push_back(make_error("rules.not-a-module", {}, "no module files were given to add"));
  }
  if (has_errors(ds)) {
    sort_by_location(ds);
    return ds;
  }
  std::vector<source_file> all = base;
  all.insert(all.end(), modules.begin(), modules.end());
  return load(all, policies);
}

result<rule_set> rule_set::load(const std::optional<std::filesystem::path>& base,
                                const std::vector<std::filesystem::path>& modules,
                                const std::vector<std::filesystem::path>& policies) {
  std::vector<source_file> files;
  if (base) {
    auto read = read_directory(*base);
    if (!read) return std::move(read).take_diagnostics();
    files = std::move(*read);
  } else {
    files = bundled_rule_files();
  }
  std::vector<source_file> added;
  std::vector<diagnostic> ds;
  for (const auto& dir : modules) {
    auto read = read_module_folder(dir);
    if (!read) ds.insert(ds.end(), read.diagnostics().begin(), read.diagnostics().end());
    else added.insert(added.end(), read->begin(), read->end());
  }
  std::vector<source_file> overlays;
  for (const auto& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
  }
  if (has_errors(ds)) return ds;
  if (modules.empty()) return load(files, overlays);
  return load(files, added, overlays);
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
