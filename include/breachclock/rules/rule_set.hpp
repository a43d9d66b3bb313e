// breachclock/rules/rule_set.hpp: the law as data, loaded and checked.
//
// A rule set is a fact schema (facts.toml), holiday calendars (calendars/*.toml), rule packs
// (one law each: [regime], [authority.*], [[obligation]]) and policy overlays ([policy]: an
// organisation's internal targets and extra obligations). Loading checks everything against
// everything and reports every diagnostic at once. A loaded rule set is immutable; copies share
// it, and it is safe to use from many threads.
//
//   rule_set rules = rule_set::bundled();                 // embedded in the library
//   result<rule_set> mine = rule_set::load("my-rules", {"policy/acme.toml"});
//   if (!mine) for (const diagnostic& d : mine.diagnostics()) std::cerr << d << '\n';
//   for (const duty& d : rules.duties())                  // the read-only view the engine uses
//     for (const duty_version& v : d.versions) std::cout << v.rule->id << " in " << v.pack->id << '\n';
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/citation.hpp"
#include "breachclock/diagnostic.hpp"
#include "breachclock/facts/schema.hpp"
#include "breachclock/rules/obligation.hpp"
#include "breachclock/source_file.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock {

// A recipient of notices: a regulator, the individuals affected, other organisations, the
// controller, or an internal party of a policy.
struct authority {
  std::string id;  // unique within its pack
  std::string name;
  zone tz = zone::utc();
  const holiday_calendar* calendar = nullptr;  // owned by the rule set
  std::string url;
  // A filing cut-off, minutes after local midnight (`cutoff = "17:30"`: a filing after 17:30 in
  // the authority's zone counts as filed on its next business day, 17 CFR 232.13(a)(2)): a day
  // deadline to the authority ends at the cut-off of its last day, not at its end.
  std::optional<std::chrono::minutes> cutoff;
  source_location where;
};

enum class pack_kind : unsigned char { law, policy };

// One rule pack: a law (uk-gdpr, pipeda, ...) or a policy overlay.
struct regime {
  std::string id;
  std::string title;
  pack_kind kind = pack_kind::law;
  std::string jurisdiction;  // ISO 3166-1 or 3166-2 code, or a union ("EU")
  std::string module;        // the id of the module (folder with module.toml) it came from; empty: none
  zone tz = zone::utc();     // where its effective dates are read
  effective_window effective;
  std::optional<expr::condition> applies;  // none: always
  std::vector<citation> sources;
  confidence certainty = confidence::primary;
  // Proposed law (`proposed = "..."` in [regime]: the proposal's name), or empty: law in force.
  std::string proposed;
  std::vector<std::string> notes;
  std::vector<authority> authorities;
  std::vector<obligation> obligations;
  std::string file;

  const authority* find_authority(std::string_view name) const noexcept;
};

// An internal target from a policy overlay: a due instant for obligations whose legal deadline
// is soft (or any deadline it names), counted from the obligation's anchor or another event.
struct policy_target {
  std::string policy;                    // the overlay's id
  std::vector<std::string> obligations;  // ids it applies to
  bool all_soft = false;                 // it applies to every soft deadline
  deadline_rule within;
  std::string from;  // empty: the obligation's own anchor
  std::string note;
  source_location where;
};

// One version of a duty: the obligation, the pack that declares it and the authority its `to`
// names. The pointers are into the rule set and live as long as it (or a copy) does.
struct duty_version {
  const obligation* rule = nullptr;
  const regime* pack = nullptr;
  // The authority of `pack` that `rule->to` names; nullptr when a fact chooses it (`rule->to_by`).
  const authority* recipient = nullptr;
};

// An exception that redirects to a substitute: `exception` of the obligation `from` (of the pack
// `pack`) applies `exception->instead` in its place.
struct duty_redirect {
  const obligation* from = nullptr;
  const regime* pack = nullptr;
  const exception_rule* exception = nullptr;
};

// A duty: every version of one obligation id, which the loader has checked to have disjoint
// effective windows, to be chosen by the same event and to agree on `substitute`.
struct duty {
  std::string id;
  std::vector<duty_version> versions;    // never empty; in order of the start of their windows
  std::vector<duty_redirect> redirects;  // for a substitute: the exceptions that apply it (else empty)
};

class rule_set {
 public:
  // The rule set embedded in the library at build time (rules/ of the source tree). Loaded
  // once; throws breachclock::error only if the embedded rules are broken, which the test suite
  // rules out.
  static rule_set bundled();

  // Loads the rule files of a folder (or the given files, with paths relative to a rule folder
  // in source_file::relative), and the policy overlays given. Files under policy/ are overlays
  // and are loaded only when named. Returns every error at once; a loaded set may still carry
  // warnings (a declared fact no rule uses).
  static result<rule_set> load(const std::filesystem::path& dir,
                               const std::vector<std::filesystem::path>& policies = {});
  static result<rule_set> load(const std::vector<source_file>& files, const std::vector<source_file>& policies = {});

  // Modules. A module is a folder of a rule folder that holds module.toml ([module] id, title,
  // jurisdictions); its own facts.toml (merged with the core one), calendars/ and packs, and
  // its tests/ and examples/, which are not rules (not read as packs, not in the digest).
  // Inside a module, relative paths are "<module id>/<path in the module>", whatever folder it
  // was read from, so that a module gives the same digest wherever it is loaded from.
  //
  // The rules of `base` (std::nullopt: the bundled ones) with the module folders `modules` added
  // on top (each a module folder, or a folder whose subfolders are all modules: read as
  // read_module_folder reads them), and the overlays `policies`.
  static result<rule_set> load(const std::optional<std::filesystem::path>& base,
                               const std::vector<std::filesystem::path>& modules,
                               const std::vector<std::filesystem::path>& policies);
  // The same in memory: `modules` are the files of added modules, each `relative` path
  // "<module folder>/..." with "<module folder>/module.toml" among them (rules.not-a-module
  // otherwise); two modules with one id are refused (rules.module-twice).
  static result<rule_set> load(const std::vector<source_file>& base, const std::vector<source_file>& modules,
                               const std::vector<source_file>& policies);

  const fact_schema& schema() const noexcept;
  const std::vector<regime>& regimes() const noexcept;
  const std::vector<policy_target>& targets() const noexcept;
  // nullptr when there is no such calendar.
  const holiday_calendar* calendar(std::string_view id) const noexcept;
  std::vector<std::string> calendar_ids() const;
  // "sha256:" and the hex SHA-256 of the loaded files (relative paths and contents, sorted).
  const std::string& digest() const noexcept;
  // The warnings found while loading.
  const std::vector<diagnostic>& warnings() const noexcept;
  // Every duty, one per distinct obligation id, sorted by id (byte order). This is the view the
  // engine assesses; it never changes after loading.
  const std::vector<duty>& duties() const noexcept;
  // The duty with this id, or nullptr when there is none.
  const duty* find_duty(std::string_view id) const noexcept;
  // The proposed law, apart from the law in force: one duty per obligation id that has proposed
  // versions (obligation::proposed, or of a proposed pack), holding only those, sorted by id. A
  // proposed duty may share its id with a duty of duties() (a proposed amendment of it) or not
  // (a proposed new duty). Never assessed unless assess_options::proposed asks.
  const std::vector<duty>& proposed_duties() const noexcept;
  // Every version of the obligation with this id, in order of their windows; empty when none.
  std::vector<const obligation*> versions(std::string_view id) const;
  // Every distinct obligation id, sorted.
  std::vector<std::string> obligation_ids() const;

  struct data;  // private to the implementation (src/breachclock/rules/)

 private:
  explicit rule_set(std::shared_ptr<const data> d) : data_(std::move(d)) {}
  std::shared_ptr<const data> data_;
  friend class rule_loader;  // the loader, which alone builds a rule set
};

// Limits on what one rule set may hold.
inline constexpr std::size_t k_max_obligations = 1000;
inline constexpr std::size_t k_max_rule_files = 500;
// The steps the search for dead exceptions may take over one whole load (expr::search_budget):
// a few tenths of a second at most; exceptions left unchecked are named in a warning.
inline constexpr std::size_t k_satisfiability_budget = 20'000'000;

}  // namespace breachclock
