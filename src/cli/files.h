// Reading and writing the files CLI commands take: whole text files, JSON files, a template
// folder. Errors name the path. (The core never does I/O; only the CLI and the page do.)
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/template_library.h"

namespace plume::cli {

// JSON as the CLI prints it: invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::json& j, int indent = -1);

Result<std::string> read_text(const std::string& path);
Status write_text(const std::string& path, const std::string& text);
Result<nlohmann::json> read_json(const std::string& path);

// Every regular file of a template folder, by file name ("template folder ... does not exist
// (use --templates DIR)" when it is missing).
Result<std::map<std::string, std::string>> read_template_folder(const std::string& dir);
// The same folder parsed as the template library.
Result<std::vector<prompt::PromptTemplate>> read_template_library(const std::string& dir);

}  // namespace plume::cli
