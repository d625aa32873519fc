// The JavaScript-dialect regex engine behind $regex/$regexi: pattern | subject, the pattern's
// first byte choosing case-insensitive matching. Invariants: regex_problem() reports a problem
// exactly when regex_test() says the pattern is invalid; matching is deterministic; the step and
// depth limits hold (libFuzzer's -timeout catches a hang, ASan a stack overflow).
#include "experiment/regex.h"
#include "fuzz_input.h"

using namespace plume;
using experiment::RegexOutcome;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::split_parts(data, size, 2);
  std::string_view pattern = parts[0], subject = parts[1];
  const bool ignore_case = !pattern.empty() && (static_cast<unsigned char>(pattern[0]) & 1);
  RegexOutcome outcome = experiment::regex_test(pattern, subject, ignore_case);
  // A pattern that reached the step limit already cost ~kRegexStepLimit steps: don't pay twice
  // (under ASan on a busy machine that alone approaches libFuzzer's time-out).
  if (outcome == RegexOutcome::TooComplex) return 0;
  std::string problem = experiment::regex_problem(pattern);
  if (outcome == RegexOutcome::Invalid) FUZZ_CHECK(!problem.empty());
  if (outcome == RegexOutcome::Match || outcome == RegexOutcome::NoMatch) FUZZ_CHECK(problem.empty());
  FUZZ_CHECK(experiment::regex_test(pattern, subject, ignore_case) == outcome);
  // Every pattern matches itself when it is a plain literal (no special characters).
  if (outcome != RegexOutcome::Invalid && pattern.find_first_of("\\^$.|?*+()[]{}") == std::string_view::npos &&
      fuzz::valid_utf8(pattern))
    FUZZ_CHECK(experiment::regex_test(pattern, pattern, ignore_case) == RegexOutcome::Match);
  return 0;
}
