// Private: SHA-256 (FIPS 180-4), streaming, with no dependencies; used to fingerprint inputs.
// On x86-64 processors with the SHA extensions (Intel SHA-NI, on AMD since Zen, on Intel since Ice
// Lake) the compression runs on them, found at run time with CPUID; elsewhere, or when asked, a
// portable implementation runs. Both give the same digests (tests/unit/detail/sha256_test.cpp).
//
//   sha256 h;
//   h.update("ab");
//   h.update("c");
//   h.hex();             // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//   sha256_hex("abc");   // the same
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace breachclock::detail {

class sha256 {
 public:
  enum class engine : unsigned char {
    fastest,   // the SHA extensions when the processor has them, else portable
    portable,  // plain C++ on any processor
  };

  explicit sha256(engine e = engine::fastest) noexcept;

  // True when this processor has the SHA extensions and this build can use them.
  static bool hardware_available() noexcept;

  // Appends `data` to the message. Any length, any number of calls.
  void update(std::string_view data) noexcept;

  // The 32-byte digest of everything passed to update() since construction or the previous
  // finish(); the object then starts over with an empty message.
  std::array<unsigned char, 32> finish() noexcept;

  // finish(), as 64 lowercase hex digits.
  std::string hex();

 private:
  void reset() noexcept;
  // Compresses `blocks` 64-byte blocks from `data` into state_.
  void compress(const unsigned char* data, std::size_t blocks) noexcept;

  bool hardware_ = false;
  std::array<std::uint32_t, 8> state_{};
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;  // bytes in buffer_
  std::uint64_t length_ = 0;  // message length in bytes
};

// The SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace breachclock::detail
