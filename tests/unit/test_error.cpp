// make_error: how values read inside a message (src/core/error.h). The expected texts are written
// out by hand; web/core-errors.js matches these messages, so they must read as a person wrote them.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/error.h"

using plume::make_error;
using plume::message_number;

TEST_CASE("make_error writes numbers as a person would", "[error]") {
  CHECK(make_error("option topP is ", 2.0f, ", expected a number in (0, 1]").message ==
        "option topP is 2, expected a number in (0, 1]");
  CHECK(make_error("rates: ", 1.5, " is not a conversion rate").message == "rates: 1.5 is not a conversion rate");
  CHECK(make_error("got ", -1.0f).message == "got -1");
  CHECK(make_error("n = ", 42, ", size ", size_t{7}).message == "n = 42, size 7");
  // A char is a character, not its code.
  CHECK(make_error("bad byte 0x", "0123456789abcdef"[0xe], "0123456789abcdef"[0x9]).message == "bad byte 0xe9");
}

TEST_CASE("message_number: whole numbers in full, others shortest round trip", "[error]") {
  CHECK(message_number(500.0) == "500");
  CHECK(message_number(-3.0f) == "-3");
  CHECK(message_number(0.0) == "0");
  CHECK(message_number(0.1) == "0.1");
  CHECK(message_number(0.1f) == "0.1");            // the float nearest 0.1, not 0.100000001490116
  CHECK(message_number(1.0000001f) == "1.0000001");
  CHECK(message_number(2.5e-7) == "2.5e-07");
  CHECK(message_number(1e20) == "1e+20");
  CHECK(message_number(1.0 / 3.0) == "0.3333333333333333");   // Python: repr(1 / 3)
  CHECK(message_number(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(message_number(std::nan("")) == "nan");
}
