// The fuzz targets: one function per input the library reads, each taking any bytes. Built
// into libFuzzer executables by the fuzz preset (libfuzzer_main.cpp), and into one replay
// program (replay.cpp) that every other build runs over the seed corpora and the regressions.
// A target returns normally for every input: a crash, a sanitizer report, an uncaught exception
// or a hang is a bug (see tests/fuzz/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace breachclock::fuzz {

using target_fn = void (*)(std::string_view input);

// Condition text, compiled against the bundled fact schema, then evaluated and analysed.
void condition(std::string_view input);
// A rule pack, loaded with the bundled fact schema and calendars, then used to assess an incident.
void rule_pack(std::string_view input);
// An incident file: TOML, or JSON when the input starts with '{' (after spaces); assessed.
void incident(std::string_view input);
// A holiday calendar file, then queried around the years its cache holds and at the ends of
// the years 0001-9999, and deadlines counted with it.
void calendar(std::string_view input);
// Lines of an anchor time, a period, a convention, a roll and a zone name, then a calendar
// file: the deadline computed from them, with every convention and roll as well.
void deadline(std::string_view input);
// Lines of a time, a period, a date and a zone name, then a deadline computed from them.
void time(std::string_view input);

struct named_target {
  const char* name;
  target_fn run;
};
inline constexpr named_target k_targets[] = {
    {"condition", condition}, {"rule_pack", rule_pack}, {"incident", incident},
    {"calendar", calendar},   {"deadline", deadline},   {"time", time},
};

}  // namespace breachclock::fuzz
