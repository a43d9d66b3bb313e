// Many threads assessing different incidents against one shared rule set give exactly the
// results of a sequential run, byte for byte, whatever the number of threads; rules loaded
// twice give the same bytes too. Run under ThreadSanitizer by the tsan preset (make test), and
// in every other build as an ordinary test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "breachclock/breachclock.hpp"

using namespace breachclock;

namespace {

struct job {
  std::string name;
  incident which;
  instant as_of;
};

// Every example incident, each at several instants (the deadlines and warnings differ).
std::vector<job> jobs(const rule_set& rules) {
  // examples/incidents, and each module's rules/<module>/examples.
  std::vector<std::filesystem::path> folders{std::string(BREACHCLOCK_SOURCE_DIR) + "/examples/incidents"};
  for (const auto& m : std::filesystem::directory_iterator(std::string(BREACHCLOCK_SOURCE_DIR) + "/rules")) {
    if (std::filesystem::is_directory(m.path() / "examples")) folders.push_back(m.path() / "examples");
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& folder : folders) {
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
      if (e.path().extension() == ".toml" || e.path().extension() == ".json") paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() >= 10);
  std::vector<job> out;
  for (const auto& p : paths) {
    const incident i = incident::from_file(p, rules.schema());
    for (const char* t : {"2024-03-22T18:00:00Z", "2025-06-30T23:30:00Z", "2026-03-29T00:30:00Z"}) {
      out.push_back({p.filename().string() + " @ " + t, i, *parse_rfc3339(t)});
    }
  }
  return out;
}

// Both renderings, so that the text path is exercised too.
std::string render(const rule_set& rules, const job& j) {
  const assessment a = *assess(rules, j.which, j.as_of);
  return render_json(a) + "\n---\n" + render_text(a) + "\n---\n" + render_markdown(a);
}

// The renderings of `rounds` passes over every job, computed by `threads` threads that take
// work in turn from a shared counter; slot k holds the rendering of job k % all.size().
std::vector<std::string> run(const rule_set& rules, const std::vector<job>& all, unsigned threads, std::size_t rounds) {
  const std::size_t total = all.size() * rounds;
  std::vector<std::string> out(total);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t k = next++; k < total; k = next++) out[k] = render(rules, all[k % all.size()]);
    });
  }
  for (std::thread& th : pool) th.join();
  return out;
}

}  // namespace

TEST_CASE("threads sharing one rule set give the sequential results, byte for byte", "[concurrency]") {
  const rule_set rules = rule_set::bundled();
  const std::vector<job> all = jobs(rules);
  std::vector<std::string> sequential;
  sequential.reserve(all.size());
  for (const job& j : all) sequential.push_back(render(rules, j));

  for (unsigned threads : {1U, 2U, 4U, 8U, 16U}) {
    INFO(threads << " threads");
    const std::vector<std::string> parallel = run(rules, all, threads, 3);
    REQUIRE(parallel.size() == 3 * sequential.size());
    for (std::size_t k = 0; k < parallel.size(); ++k) {
      INFO(all[k % all.size()].name);
      CHECK(parallel[k] == sequential[k % all.size()]);
    }
  }
}

TEST_CASE("every thread's own assessments agree with each other and with the sequential run", "[concurrency]") {
  // Each thread assesses every job (so the same incident is assessed by all threads at once).
  const rule_set rules = rule_set::bundled();
  const std::vector<job> all = jobs(rules);
  std::vector<std::string> sequential;
  for (const job& j : all) sequential.push_back(render(rules, j));
  constexpr unsigned k_threads = 6;
  std::vector<std::vector<std::string>> per_thread(k_threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < k_threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t k = 0; k < all.size(); ++k) per_thread[t].push_back(render(rules, all[(k + t) % all.size()]));
    });
  }
  for (std::thread& th : pool) th.join();
  for (unsigned t = 0; t < k_threads; ++t) {
    for (std::size_t k = 0; k < all.size(); ++k) {
      INFO("thread " << t << ": " << all[(k + t) % all.size()].name);
      CHECK(per_thread[t][k] == sequential[(k + t) % all.size()]);
    }
  }
}

TEST_CASE("rules loaded in several threads at once give the same bytes", "[concurrency]") {
  // Loading shares the zone database and the bundled texts; each load is its own rule set.
  const rule_set shared = rule_set::bundled();
  const std::vector<job> all = jobs(shared);
  std::vector<std::string> expected;
  for (const job& j : all) expected.push_back(render(shared, j));
  constexpr unsigned k_threads = 4;
  std::vector<std::string> digests(k_threads);
  std::vector<std::vector<std::string>> outputs(k_threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < k_threads; ++t) {
    pool.emplace_back([&, t] {
      const rule_set own = rule_set::load(bundled_rule_files()).value();
      digests[t] = own.digest();
      for (std::size_t k = t; k < all.size(); k += k_threads) outputs[t].push_back(render(own, all[k]));
    });
  }
  for (std::thread& th : pool) th.join();
  for (unsigned t = 0; t < k_threads; ++t) {
    CHECK(digests[t] == shared.digest());
    std::size_t n = 0;
    for (std::size_t k = t; k < all.size(); k += k_threads) {
      INFO(all[k].name);
      CHECK(outputs[t][n++] == expected[k]);
    }
  }
}
