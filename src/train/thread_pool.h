// A tiny fixed-size worker pool for the trainer. Work is split statically: parallel_for(n, fn)
// gives thread i the contiguous slice [n*i/k, n*(i+1)/k) of k threads, and every caller makes
// sure a slice's results do not depend on where the slices start or end (each output element
// is computed by exactly one thread, in a fixed order). So the trainer's numbers are identical
// with 1 or 2 threads, and do not depend on thread timing.
// The WebAssembly engine is built without pthreads: there the pool always has one thread and
// runs everything on the caller.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace plume {

class ThreadPool {
 public:
  // `threads` is clamped to [1, 8] (1 under Emscripten). Thread 0 is the caller.
  explicit ThreadPool(int threads = 1);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return size_; }

  // Calls fn(begin, end, thread) once per thread with that thread's slice of [0, n) (slices may
  // be empty) and returns when all are done. Not re-entrant: fn must not call parallel_for.
  void parallel_for(int64_t n, const std::function<void(int64_t begin, int64_t end, int thread)>& fn);

 private:
  void worker_loop(int index);

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int64_t, int64_t, int)>* job_ = nullptr;
  int64_t job_n_ = 0;
  uint64_t generation_ = 0;
  int pending_ = 0;
  bool stop_ = false;
};

}  // namespace plume
