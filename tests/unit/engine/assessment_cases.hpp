#pragma once

// The helpers that assessment_test.cpp, assessment_recipient_test.cpp and bound_test.cpp share.

#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

#include "breachclock/engine/assessment.hpp"
#include "support/test_support.hpp"

namespace breachclock::test::assessment_cases {

inline constexpr const char* k_facts = R"toml(
[event.occurred]
description = "d"
question = "When did it happen?"
[event.detected]
description = "d"
question = "When was it detected?"
fallback = "occurred"
[event.aware]
description = "d"
question = "When did you become aware?"
fallback = "detected"
[fact.breach]
type = "bool"
description = "d"
question = "Was there a breach?"
[fact.risk]
type = "enum"
values = ["low", "high"]
description = "d"
question = "How risky is it?"
[fact.encrypted]
type = "bool"
description = "d"
question = "Was the data encrypted?"
[fact.many]
type = "bool"
description = "d"
question = "Are too many people affected to tell each?"
)toml";

inline constexpr const char* k_pack = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
applies = 'breach'
sources = [{ ref = "Act s. 1", url = "https://example.org/act" }]

[authority.reg]
name = "The Regulator"
zone = "Europe/London"
calendar = "gb-eaw"

[authority.people]
name = "The people affected"
zone = "Europe/London"

[authority.ontario]
name = "An Ontario body"
zone = "America/Toronto"
calendar = "ca-on"

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 2", url = "https://example.org/s2" }]
when = 'risk == "high"'
unless = [{ when = 'encrypted', because = "encrypted", cite = "s. 2(2)" }]
deadline = { within = "72h", from = "aware", text = "72 hours" }
effective = { until = 2025-08-20, by = "aware" }

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 2A", url = "https://example.org/s2a" }]
when = 'risk == "high"'
unless = [{ when = 'encrypted', because = "encrypted", cite = "s. 2(2)" }]
deadline = { within = "72h", convention = "next-hour", from = "aware", text = "72 hours" }
effective = { from = 2025-08-20, by = "aware" }

[[obligation]]
id = "law/tell"
action = "notify-individuals"
to = "people"
title = "Tell people"
cite = [{ ref = "s. 3", url = "https://example.org/s3" }]
when = 'risk == "high"'
unless = [
  { when = 'encrypted', because = "encrypted" },
  { when = 'many', because = "too many", instead = "law/public" },
]
deadline = { from = "aware", text = "as soon as feasible" }

[[obligation]]
id = "law/public"
action = "communicate-publicly"
to = "people"
title = "Tell the public"
cite = [{ ref = "s. 3(2)", url = "https://example.org/s3" }]
substitute = true
deadline = { from = "aware", text = "as soon as feasible" }

[[obligation]]
id = "law/annual"
action = "report-annually"
to = "ontario"
title = "Annual statistics"
cite = [{ ref = "s. 4", url = "https://example.org/s4" }]
deadline = { date = "03-01", year = "following", roll = "next-non-holiday", from = "occurred" }

[[obligation]]
id = "law/keep"
action = "retain"
to = "reg"
title = "Keep a record"
cite = [{ ref = "s. 5", url = "https://example.org/s5" }]
deadline = { retain = "24 months", from = "aware" }

[[obligation]]
id = "law/log"
action = "record"
to = "reg"
title = "Log it"
cite = [{ ref = "s. 6", url = "https://example.org/s6" }]
)toml";

inline constexpr const char* k_policy = R"toml(
[policy]
id = "acme"
title = "Acme"
zone = "Europe/London"
[[target]]
soft = true
within = "48h"
note = "internal target"
)toml";

// The small rule set above, loaded anew (another schema object) each call, with the policy
// overlay k_policy when asked.
inline rule_set rules(bool with_policy = false) {
  std::vector<source_file> policies;
  if (with_policy) policies.push_back(source_file{"acme.toml", k_policy, "acme.toml"});
  auto r = rule_set::load(files_of({{"facts.toml", k_facts}, {"law/law.toml", k_pack}}), policies);
  if (!r) FAIL(to_string(r.diagnostics().front()));
  return *r;
}

inline incident make(std::map<std::string, fact_value> facts, std::map<std::string, std::string> events) {
  incident i{"t", zone_named("Europe/London")};
  for (auto& [k, v] : facts) i.set_fact(k, v);
  for (auto& [k, v] : events) i.set_event(k, at(v));
  return i;
}

inline const obligation_result& get(const assessment& a, std::string_view id) {
  const obligation_result* r = a.find(id);
  REQUIRE(r != nullptr);
  return *r;
}

}  // namespace breachclock::test::assessment_cases
