// breachclock/fmt.hpp: {fmt} formatters for breachclock's value types.
//
// Opt-in: the other public headers do not include {fmt}. Include this one, and link fmt::fmt,
// to pass breachclock values to fmt::format and fmt::print. Each formatter prints what the
// type's operator<< prints.
//
//   #include <breachclock/fmt.hpp>
//   fmt::print("{} {}\n", result.state, result);   // "required uk-gdpr/notify-ico: required, due ..."
#pragma once

#include <fmt/ostream.h>

#include "breachclock/breachclock.hpp"

// Each type's formatter prints through its operator<< (fmt's ostream_formatter).
#define BREACHCLOCK_FMT_OSTREAM(T) \
  template <>                      \
  struct fmt::formatter<T> : fmt::ostream_formatter {}

BREACHCLOCK_FMT_OSTREAM(breachclock::severity);
BREACHCLOCK_FMT_OSTREAM(breachclock::source_location);
BREACHCLOCK_FMT_OSTREAM(breachclock::diagnostic);
BREACHCLOCK_FMT_OSTREAM(breachclock::citation);
BREACHCLOCK_FMT_OSTREAM(breachclock::confidence);
BREACHCLOCK_FMT_OSTREAM(breachclock::zone);
BREACHCLOCK_FMT_OSTREAM(breachclock::choose);
BREACHCLOCK_FMT_OSTREAM(breachclock::period);
BREACHCLOCK_FMT_OSTREAM(breachclock::convention);
BREACHCLOCK_FMT_OSTREAM(breachclock::roll);
BREACHCLOCK_FMT_OSTREAM(breachclock::deadline);
BREACHCLOCK_FMT_OSTREAM(breachclock::holiday);
BREACHCLOCK_FMT_OSTREAM(breachclock::fact_type);
BREACHCLOCK_FMT_OSTREAM(breachclock::fact_value);
BREACHCLOCK_FMT_OSTREAM(breachclock::incident);
BREACHCLOCK_FMT_OSTREAM(breachclock::tri);
BREACHCLOCK_FMT_OSTREAM(breachclock::action);
BREACHCLOCK_FMT_OSTREAM(breachclock::deadline_kind);
BREACHCLOCK_FMT_OSTREAM(breachclock::status);
BREACHCLOCK_FMT_OSTREAM(breachclock::trace_entry::kind);
BREACHCLOCK_FMT_OSTREAM(breachclock::obligation_result);
BREACHCLOCK_FMT_OSTREAM(breachclock::question);

#undef BREACHCLOCK_FMT_OSTREAM
