// The native `plume` command: finds the sub-command (registered by the rooms' *_commands.cpp
// files, see command.h) and runs it. Nothing else.
#include <cstdio>
#include <string>

#include "cli/command.h"

namespace plume::cli {
int fail(const std::string& message) {
  std::fprintf(stderr, "plume: error: %s\n", message.c_str());
  return 1;
}
}  // namespace plume::cli

namespace {

void print_usage(std::FILE* out) {
  std::fputs("usage: plume COMMAND [options]\n\n", out);
  for (const auto& c : plume::cli::commands()) {
    std::string usage = c.usage;
    std::string indented = "  ";
    for (char ch : usage) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    std::fprintf(out, "%s\n", indented.c_str());
  }
  std::fputs("\nM is a .gguf file or a Hugging Face directory (model.safetensors, config.json, vocab.json, merges.txt).\n"
             "Bad input exits with status 1 and one line \"plume: error: ...\".\n", out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(stdout);
    return 0;
  }
  // Longest match first: "ab assign" before a plain "ab".
  const plume::cli::Command* best = nullptr;
  int best_words = 0;
  for (const auto& c : plume::cli::commands()) {
    int words = 1;
    std::string joined = first;
    while (joined.size() < c.name.size() && words < argc - 1) joined += std::string(" ") + argv[1 + words++];
    if (joined == c.name && words > best_words) {
      best = &c;
      best_words = words;
    }
  }
  if (best == nullptr) {
    std::fprintf(stderr, "plume: unknown command '%s'\n\n", first.c_str());
    print_usage(stderr);
    return 2;
  }
  return best->run(argc, argv, 1 + best_words);
}
