// Errors as values. Plume never throws across its public API and never aborts on bad input:
// every fallible function returns Result<T> (a value or an Error) or Status (ok or an Error).
// The message is written for the user who supplied the input: it names the thing that is wrong.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace plume {

struct Error {
  std::string message;
};

// A number as a message shows it: a whole number in full ("500", "-1"), else the shortest text
// that reads back as the same value ("0.1", "1e-06"); not std::to_string's six decimals.
template <class Float>
std::string message_number(Float value) {
  char text[48];
  if (value > -1e15 && value < 1e15 && value == static_cast<Float>(static_cast<long long>(value))) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    return text;
  }
  for (int digits = 1; digits <= 17; digits++) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (static_cast<Float>(std::strtod(text, nullptr)) == value) break;
  }
  return text;
}

// Builds an Error from pieces: make_error("tensor ", name, " has ", n, " dims"). A char is a
// character, a floating-point number is written shortest, other numbers in full.
template <class... Parts>
Error make_error(const Parts&... parts) {
  std::string s;
  auto append = [&s](const auto& part) {
    using Part = std::decay_t<decltype(part)>;
    if constexpr (std::is_same_v<Part, char>) s += part;
    else if constexpr (std::is_floating_point_v<Part>) s += message_number(part);
    else if constexpr (std::is_arithmetic_v<Part>) s += std::to_string(part);
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
