#include "cli/files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace plume::cli {

using nlohmann::json;

std::string dump_json(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open '", path, "'");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error("cannot write '", path, "'");
  out << text;
  return out ? Status{} : Status(make_error("cannot write '", path, "'"));
}

Result<json> read_json(const std::string& path) {
  auto text = read_text(path);
  if (!text) return text.error();
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error(path, ": not valid JSON (or not UTF-8)");
  return j;
}

Result<std::map<std::string, std::string>> read_template_folder(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return make_error("template folder '", dir, "' does not exist (use --templates DIR)");
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    if (name.size() < 6) continue;  // shorter than "x.json": no template file
    auto text = read_text(e.path().string());
    if (!text) return text.error();
    files[name] = std::move(*text);
  }
  if (ec) return make_error("cannot list '", dir, "': ", ec.message());
  return files;
}

Result<std::vector<prompt::PromptTemplate>> read_template_library(const std::string& dir) {
  auto files = read_template_folder(dir);
  if (!files) return files.error();
  return prompt::load_library(*files);
}

}  // namespace plume::cli
