#include "breachclock/version.hpp"

namespace breachclock {

const char* library_version() noexcept { return version_string(); }

}  // namespace breachclock
