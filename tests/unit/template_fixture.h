// The repository's template library (templates/), as the tests that write, review, experiment
// and run campaigns load it. templates/samples/ holds example data, not templates: only the
// folder's own files are read.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "prompt/template_library.h"

namespace plume::test {

inline std::vector<prompt::PromptTemplate> repo_template_library() {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(PLUME_SOURCE_DIR "/templates/")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    files[e.path().filename().string()] = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto lib = prompt::load_library(files);
  if (!lib) FAIL(lib.error().message);
  return std::move(*lib);
}

}  // namespace plume::test
