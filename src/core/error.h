// Errors as values. Plume never throws across its public API and never aborts on bad input:
// every fallible function returns Result<T> (a value or an Error) or Status (ok or an Error).
// The message is written for the user who supplied the input: it names the thing that is wrong.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace plume {

struct Error {
  std::string message;
};

// Builds an Error from pieces: make_error("tensor ", name, " has ", n, " dims").
template <class... Parts>
Error make_error(const Parts&... parts) {
  std::string s;
  auto append = [&s](const auto& part) {
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(part)>>) s += std::to_string(part);
    else s += part;
  };
  (append(parts), ...);
  return Error{std::move(s)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}
  static Status success() { return {}; }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace plume
