// breachclock/report/ics.hpp: deadlines as an iCalendar (RFC 5545) file that follows the
// assessment.
//
// Every obligation of the assessment has one event, under a UID that depends only on the
// incident id and the obligation id (and one more, `.target`, for a policy overlay's internal
// target), so that importing a later export updates what an earlier one created:
// - an obligation that applies or may apply, with a due instant: a CONFIRMED (required) or
//   TENTATIVE (undetermined) event at the due instant, in UTC, with alarms a day and two hours
//   before;
// - a duty that applies or may apply with no dated deadline or target now: an event at as_of,
//   CONFIRMED or TENTATIVE, with no alarm, that says so (it replaces an earlier dated event);
// - a duty that is not required: a CANCELLED event under the
//   same UID, with no alarm, which withdraws an event an earlier export made; a calendar that
//   never had that UID has nothing to withdraw.
// Every event carries SEQUENCE = ics_sequence(as_of) and DTSTAMP = as_of, so a later export
// supersedes an earlier one, and the same inputs give the same file (no wall clock).
//
//   std::ofstream("deadlines.ics") << render_ics(*assess(rules, incident, as_of));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

std::string render_ics(const assessment& a);

// The SEQUENCE of every event of an export at `as_of`: the whole minutes since 1970-01-01T00:00Z,
// clamped to 0 and to RFC 5545's largest INTEGER (2^31 - 1, reached in the year 6053). It never
// decreases as as_of grows; two exports in the same minute are ordered by DTSTAMP (RFC 5546
// 2.1.5).
std::int64_t ics_sequence(instant as_of) noexcept;

// "<incident>.<obligation>@breachclock", or "<incident>.<obligation>.target@breachclock" for the
// internal target. Each id is written with letters, digits, '-' and '_' as they are and every
// other octet as %XX, so distinct pairs of ids have distinct UIDs.
std::string ics_uid(std::string_view incident_id, std::string_view obligation_id, bool target);

}  // namespace breachclock
