// bench/alloc_count.hpp: counts the heap allocations of the whole program, for the benchmarks'
// `allocs` counters (allocations per iteration).
//
// It replaces the global operator new and delete (every form: sized, aligned, nothrow), so it
// must be included by exactly one translation unit of a program (bench_assess.cpp): a second
// inclusion would define them twice. The count is of calls to operator new, on every thread;
// the benchmarks that read it run on one thread.
//
//   const std::uint64_t before = bench::allocations();
//   work();
//   const std::uint64_t made = bench::allocations() - before;
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace bench {

inline std::atomic<std::uint64_t> allocation_count{0};

// The number of allocations made so far by the program.
inline std::uint64_t allocations() noexcept { return allocation_count.load(std::memory_order_relaxed); }

namespace detail {

inline void* allocate(std::size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

inline void* allocate_aligned(std::size_t size, std::align_val_t align) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = (size + a - 1) / a * a;
  if (void* p = std::aligned_alloc(a, rounded == 0 ? a : rounded)) return p;
  throw std::bad_alloc();
}

}  // namespace detail
}  // namespace bench

// NOLINTBEGIN(misc-new-delete-overloads, cppcoreguidelines-no-malloc): the counting allocator itself.
void* operator new(std::size_t size) { return bench::detail::allocate(size); }
void* operator new[](std::size_t size) { return bench::detail::allocate(size); }
void* operator new(std::size_t size, std::align_val_t align) { return bench::detail::allocate_aligned(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return bench::detail::allocate_aligned(size, align); }
void* operator new(std::size_t size, const std::nothrow_t& /*unused*/) noexcept {
  try {
    return bench::detail::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& /*unused*/) noexcept {
  try {
    return bench::detail::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*unused*/) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t /*unused*/) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t /*unused*/) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t /*unused*/) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*unused*/, std::align_val_t /*unused*/) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t /*unused*/, std::align_val_t /*unused*/) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t& /*unused*/) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t& /*unused*/) noexcept { std::free(p); }
// NOLINTEND(misc-new-delete-overloads, cppcoreguidelines-no-malloc)
