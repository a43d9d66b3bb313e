#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "detail/sha256.hpp"

using breachclock::detail::sha256;
using breachclock::detail::sha256_hex;

TEST_CASE("sha256: the FIPS 180-4 / NIST example vectors", "[base]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                   "mnopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million 'a' fed in uneven chunks", "[base]") {
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  CHECK(sha256_hex(std::string(1'000'000, 'a')) == expected);

  const std::string block(1000, 'a');
  sha256 h;
  std::size_t fed = 0;
  std::size_t chunk = 1;
  while (fed < 1'000'000) {
    const std::size_t n = std::min({chunk, block.size(), 1'000'000 - fed});
    h.update(std::string_view(block).substr(0, n));
    fed += n;
    chunk = chunk * 7 % 997 + 1;  // 1, 8, 57, 400, ... : every offset modulo 64 gets hit
  }
  CHECK(h.hex() == expected);
}

TEST_CASE("sha256: lengths around the padding boundaries", "[base]") {
  // Reference digests of n times 'a' (from an independent implementation).
  const std::pair<std::size_t, const char*> cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {111, "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  for (const auto& [n, digest] : cases) {
    INFO("length " << n);
    CHECK(sha256_hex(std::string(n, 'a')) == digest);
  }
}

TEST_CASE("sha256: every byte value, including NUL and bytes above 0x7f", "[base]") {
  std::string all;
  for (int round = 0; round < 4; ++round) {
    for (int b = 0; b < 256; ++b) all += static_cast<char>(static_cast<unsigned char>(b));
  }
  CHECK(sha256_hex(all) == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9");
}

TEST_CASE("sha256: streaming in chunks equals one shot for lengths 0 to 200", "[base]") {
  std::string message;
  for (std::size_t i = 0; i < 200; ++i) message += static_cast<char>('!' + static_cast<char>(i * 37 % 90));
  for (std::size_t length = 0; length <= 200; ++length) {
    const std::string_view m = std::string_view(message).substr(0, length);
    const std::string one_shot = sha256_hex(m);
    for (std::size_t chunk : {1u, 3u, 7u, 55u, 56u, 63u, 64u, 65u}) {
      INFO("length " << length << ", chunks of " << chunk);
      sha256 h;
      for (std::size_t at = 0; at < length; at += chunk) h.update(m.substr(at, chunk));
      h.update("");  // empty updates change nothing
      CHECK(h.hex() == one_shot);
    }
  }
}

TEST_CASE("sha256: finish returns the raw digest and starts over", "[base]") {
  sha256 h;
  h.update("abc");
  const std::array<unsigned char, 32> digest = h.finish();
  CHECK(digest[0] == 0xba);
  CHECK(digest[1] == 0x78);
  CHECK(digest[31] == 0xad);
  CHECK(h.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  h.update("a");
  h.update("bc");
  CHECK(h.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: the SHA extensions and the portable code give the same digests", "[base]") {
  // On a processor without the SHA extensions both engines are the portable code; the vectors
  // above then test it, and this case still checks the engines agree.
  INFO("SHA extensions used: " << sha256::hardware_available());
  std::string message;
  for (std::size_t i = 0; i < 5000; ++i) message += static_cast<char>(static_cast<unsigned char>(i * 131 % 251));
  for (std::size_t length = 0; length <= message.size(); length += 61) {
    INFO("length " << length);
    const std::string_view m = std::string_view(message).substr(0, length);
    sha256 fast(sha256::engine::fastest);
    sha256 portable(sha256::engine::portable);
    for (std::size_t at = 0; at < length; at += 300) {  // several blocks per update, and a tail
      fast.update(m.substr(at, 300));
      portable.update(m.substr(at, 300));
    }
    CHECK(fast.hex() == portable.hex());
  }
  sha256 portable(sha256::engine::portable);
  portable.update(std::string(1'000'000, 'a'));
  CHECK(portable.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  sha256 abc(sha256::engine::portable);
  abc.update("abc");
  CHECK(abc.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
