// libFuzzer's entry point for one target, chosen at compile time (BREACHCLOCK_FUZZ_TARGET).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  breachclock::fuzz::BREACHCLOCK_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
