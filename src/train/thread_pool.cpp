#include "train/thread_pool.h"

#include <algorithm>

namespace plume {

ThreadPool::ThreadPool(int threads) {
#ifdef __EMSCRIPTEN__
  (void)threads;
  size_ = 1;  // no pthreads in the browser engine
#else
  size_ = std::clamp(threads, 1, 8);
#endif
  for (int i = 1; i < size_; i++) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

static inline int64_t slice_start(int64_t n, int i, int k) { return n * i / k; }

void ThreadPool::parallel_for(int64_t n, const std::function<void(int64_t, int64_t, int)>& fn) {
  if (size_ == 1 || n <= 1) {
    fn(0, n, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    job_n_ = n;
    pending_ = size_ - 1;
    generation_++;
  }
  wake_.notify_all();
  fn(0, slice_start(n, 1, size_), 0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
  job_ = nullptr;
}

void ThreadPool::worker_loop(int index) {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int64_t, int64_t, int)>* job;
    int64_t n;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      job = job_;
      n = job_n_;
    }
    (*job)(slice_start(n, index, size_), slice_start(n, index + 1, size_), index);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }
}

}  // namespace plume
