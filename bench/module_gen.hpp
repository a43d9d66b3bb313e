// Synthetic rule modules for the scale benchmark (issue 14): `count` modules of realistic size,
// in the module layout of docs/rule-authoring.md, as source files in memory. None of it is law:
// every title says "synthetic", the jurisdictions are ISO 3166-1 codes chosen only to be
// distinct (never GB, CA or AU, whose law is bundled), and the holidays are made up.
//
// Module k (0-based) is "synth-NNN" (NNN = k, three digits) and holds:
//   module.toml                 [module] id, title, jurisdictions = [one code]
//   facts.toml                  1 event and 12 facts of its own (bool, enum, int, set)
//   calendars/synth-NNN.toml    a calendar: Saturday and Sunday off, 4 holidays by rule
//   synth-NNN.toml              a regime with an authority (zone, calendar) and 4 to 6
//                               obligations: conditions over its facts and core facts, an
//                               exception, deadlines in hours and in (business) days
//
//   std::vector<source_file> files = bundled_rule_files();
//   for (source_file& f : bench::synthetic_modules(100)) files.push_back(std::move(f));
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/source_file.hpp"

namespace bench {

// 100 ISO 3166-1 alpha-2 codes, none of them GB, CA or AU.
inline constexpr std::array<std::string_view, 100> k_codes{"AD", "AE", "AR", "AT", "AZ", "BA", "BB", "BD", "BE", "BG",
                                                           "BH", "BN", "BO", "BR", "BS", "BW", "BY", "BZ", "CH", "CL",
                                                           "CM", "CN", "CO", "CR", "CU", "CY", "CZ", "DE", "DK", "DO",
                                                           "DZ", "EC", "EE", "EG", "ES", "ET", "FI", "FJ", "FR", "GE",
                                                           "GH", "GR", "GT", "HN", "HR", "HU", "ID", "IE", "IL", "IN",
                                                           "IQ", "IS", "IT", "JM", "JO", "JP", "KE", "KR", "KW", "KZ",
                                                           "LB", "LK", "LT", "LU", "LV", "MA", "MC", "MD", "ME", "MK",
                                                           "MT", "MU", "MX", "MY", "NA", "NG", "NL", "NO", "NP", "NZ",
                                                           "OM", "PA", "PE", "PH", "PK", "PL", "PT", "PY", "QA", "RO",
                                                           "RS", "SA", "SE", "SG", "SI", "SK", "SN", "TH", "TN", "TR"};

// IANA zones the synthetic regimes count in, in turn (not those of their codes: nothing here
// is a country's law).
inline constexpr std::array<std::string_view, 8> k_zones{"Europe/Paris", "Europe/Berlin",   "America/Sao_Paulo",
                                                         "Asia/Tokyo",   "Africa/Nairobi",  "America/Mexico_City",
                                                         "Asia/Kolkata", "Pacific/Auckland"};

inline std::string module_id(std::size_t k) { return fmt::format("synth-{:03}", k); }

// The files of module k: relative paths "<id>/...", paths "<generated>/<id>/...".
inline std::vector<breachclock::source_file> synthetic_module(std::size_t k) {
  const std::string id = module_id(k);
  const std::string_view code = k_codes[k % k_codes.size()];
  const std::string_view zone = k_zones[k % k_zones.size()];
  // Fact names are prefixed by the module's id, with '_' for '-' (facts are identifiers).
  const std::string p = fmt::format("synth{:03}", k);
  std::vector<breachclock::source_file> files;
  const auto add = [&](const std::string& rel, std::string text) {
    files.push_back({"<generated>/" + id + "/" + rel, std::move(text), id + "/" + rel});
  };

  add("module.toml", fmt::format(R"toml([module]
id = "{0}"
title = "Synthetic module {1} (benchmark data, not law)"
jurisdictions = ["{2}"]
)toml",
                                 id, k, code));

  add("facts.toml", fmt::format(R"toml(# Synthetic facts of {0} (benchmark data, not law).
[event.{1}_confirmed]
description = "When the organisation confirmed the incident to the synthetic regulator's standard."
question = "When was the incident confirmed?"
fallback = "aware"

[fact.{1}_established]
type = "bool"
description = "The organisation is established in the synthetic jurisdiction."
question = "Is the organisation established there?"

[fact.{1}_residents]
type = "bool"
description = "The affected people include residents of the synthetic jurisdiction."
question = "Are residents affected?"

[fact.{1}_sector]
type = "enum"
values = ["public", "health", "finance", "telecom", "other"]
description = "The organisation's sector."
question = "Which sector is the organisation in?"

[fact.{1}_residents_affected]
type = "int"
min = 0
description = "How many residents are affected."
question = "How many residents are affected?"

[fact.{1}_records]
type = "set"
values = ["contact", "identity", "financial", "health", "location"]
description = "The kinds of records involved."
question = "Which kinds of records are involved?"

[fact.{1}_encrypted]
type = "bool"
description = "The data was encrypted with a key that was not compromised."
question = "Was the data encrypted, the key safe?"

[fact.{1}_registered]
type = "bool"
description = "The organisation is registered with the synthetic regulator."
question = "Is the organisation registered?"

[fact.{1}_public_body]
type = "bool"
description = "The organisation is a public body."
question = "Is the organisation a public body?"

[fact.{1}_ongoing]
type = "bool"
description = "The incident is still going on."
question = "Is the incident still going on?"

[fact.{1}_law_enforcement_delay]
type = "bool"
description = "A law-enforcement agency asked for notice to individuals to be delayed."
question = "Did the police ask for a delay?"

[fact.{1}_contact_known]
type = "bool"
description = "The organisation has contact details of the people affected."
question = "Does the organisation have their contact details?"

[fact.{1}_processor_involved]
type = "bool"
description = "A processor held the data."
question = "Did a processor hold the data?"
)toml",
                                id, p));

  add(fmt::format("calendars/{}.toml", id), fmt::format(R"toml(# Synthetic holidays of {0} (benchmark data, not law).
[calendar]
id = "{0}"
title = "Synthetic calendar {1} (benchmark data, not law)"
non_working = ["saturday", "sunday"]
holiday_weekdays = []
verified = {{ from = 2018, until = 2027 }}
confidence = "unconfirmed"
sources = [{{ ref = "synthetic", url = "https://example.org/synthetic" }}]

[[holiday]]
name = "Synthetic new year"
rule = "january 1"

[[holiday]]
name = "Synthetic spring day"
rule = "easter + 1"

[[holiday]]
name = "Synthetic summer day"
rule = "first monday of august"

[[holiday]]
name = "Synthetic winter day"
rule = "december {2}"
)toml",
                                                        id, k, 20 + k % 6));

  // 4 to 6 obligations.
  std::string pack = fmt::format(R"toml(# Synthetic regime of {0} (benchmark data, not law).
[regime]
id = "{0}"
title = "Synthetic regime {1} (benchmark data, not law)"
jurisdiction = "{2}"
zone = "{3}"
applies = '({4}_established or {4}_residents or {4}_registered) and personal_data_breach'
sources = [{{ ref = "synthetic", url = "https://example.org/synthetic" }}]
confidence = "unconfirmed"
notes = ["Synthetic benchmark data, not law: no source was read, and nothing here is a country's rule."]

[authority.regulator]
name = "Synthetic regulator {1}"
zone = "{3}"
calendar = "{0}"

[authority.individuals]
name = "The people affected"
zone = "{3}"
calendar = "{0}"

[[obligation]]
id = "{0}/notify-regulator"
action = "notify-authority"
to = "regulator"
title = "Report the breach to the synthetic regulator"
cite = [{{ ref = "synthetic s. 1", url = "https://example.org/synthetic" }}]
when = 'role == "controller" and risk in ["risk", "high"] and not {4}_encrypted'
unless = [{{ when = '{4}_public_body and {4}_ongoing', because = "A public body reports an ongoing incident through its own channel", cite = [{{ ref = "synthetic s. 1(2)", url = "https://example.org/synthetic" }}] }}]
deadline = {{ within = "72h", from = "aware" }}

[[obligation]]
id = "{0}/notify-individuals"
action = "notify-individuals"
to = "individuals"
title = "Tell the people affected"
cite = [{{ ref = "synthetic s. 2", url = "https://example.org/synthetic" }}]
when = 'role == "controller" and risk == "high" and {4}_contact_known'
unless = [{{ when = '{4}_law_enforcement_delay', because = "A law-enforcement agency asked for a delay", cite = [{{ ref = "synthetic s. 2(3)", url = "https://example.org/synthetic" }}] }}]
deadline = {{ within = "10 business days", from = "{4}_confirmed" }}

[[obligation]]
id = "{0}/processor-tells-controller"
action = "notify-controller"
to = "regulator"
title = "A processor tells its controller"
cite = [{{ ref = "synthetic s. 3", url = "https://example.org/synthetic" }}]
when = 'role == "processor" and {4}_processor_involved'
deadline = {{ within = "24h", from = "detected" }}

[[obligation]]
id = "{0}/sector-report"
action = "notify-authority"
to = "regulator"
title = "Sector report to the synthetic regulator"
cite = [{{ ref = "synthetic s. 4", url = "https://example.org/synthetic" }}]
when = '{4}_sector in ["health", "finance", "telecom"] and ({4}_residents_affected >= 500 or "health" in {4}_records or "financial" in data_categories)'
deadline = {{ within = "5 days", from = "aware" }}
)toml",
                                 id, k, code, zone, p);
  if (k % 3 >= 1) {
    pack += fmt::format(R"toml(
[[obligation]]
id = "{0}/final-report"
action = "notify-authority"
to = "regulator"
title = "Final report to the synthetic regulator"
cite = [{{ ref = "synthetic s. 5", url = "https://example.org/synthetic" }}]
when = 'role == "controller" and risk in ["risk", "high"] and not {1}_ongoing and affected_count >= 100'
deadline = {{ within = "30 days", from = "{1}_confirmed" }}
)toml",
                        id, p);
  }
  if (k % 3 == 2) {
    pack += fmt::format(R"toml(
[[obligation]]
id = "{0}/public-body-register"
action = "record"
to = "regulator"
title = "A public body records the breach in its register"
cite = [{{ ref = "synthetic s. 6", url = "https://example.org/synthetic" }}]
when = '{1}_public_body and {1}_registered'
deadline = {{ within = "1 month", from = "aware" }}
)toml",
                        id, p);
  }
  add(id + ".toml", std::move(pack));
  return files;
}

// Modules 0 to count - 1, in order.
inline std::vector<breachclock::source_file> synthetic_modules(std::size_t count) {
  std::vector<breachclock::source_file> out;
  for (std::size_t k = 0; k < count; ++k) {
    for (breachclock::source_file& f : synthetic_module(k)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace bench
