#include "ecosystem/workspace.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

#include "ecosystem/import.h"

namespace plume::ecosystem {

using nlohmann::json;

const std::vector<std::string>& workspace_files() {
  static const std::vector<std::string> names = {"manifest.json", "catalog.csv", "catalog.json", "customers.csv",
                                                 "events.csv", "campaigns.json", "outcomes.csv", "state.json"};
  return names;
}

Result<Workspace> load_workspace(const std::map<std::string, std::string>& files,
                                 const std::vector<std::string>& template_names) {
  Workspace w;
  auto text = [&files](const std::string& name) -> const std::string* {
    auto it = files.find(name);
    return it == files.end() ? nullptr : &it->second;
  };
  const std::string* manifest = text("manifest.json");
  if (!manifest) return make_error("manifest.json: missing from the workspace");
  auto m = load_manifest(*manifest);
  // The file name as a value, as for the other files: every "file: message" is one skeleton.
  if (!m) return make_error(std::string("manifest.json"), ": ", m.error().message);
  w.manifest = std::move(*m);
  w.files.push_back("manifest.json");

  ImportOptions options;
  options.manifest = &w.manifest;
  struct Table { std::string file; ImportKind kind; ImportFormat format; bool required; };
  const Table tables[] = {{"catalog.csv", ImportKind::kCatalog, ImportFormat::kCsv, false},
                          {"catalog.json", ImportKind::kCatalog, ImportFormat::kJson, false},
                          {"customers.csv", ImportKind::kCustomers, ImportFormat::kCsv, true},
                          {"events.csv", ImportKind::kEvents, ImportFormat::kCsv, true}};
  for (const Table& t : tables) {
    const std::string* body = text(t.file);
    if (!body) {
      if (t.required) return make_error(t.file, ": missing from the workspace");
      continue;
    }
    options.format = t.format;
    auto s = import_text(w.store, t.kind, *body, options);
    if (!s) return make_error(t.file, ": ", s.error().message);
    w.files.push_back(t.file);
  }
  if (!text("catalog.csv") && !text("catalog.json")) return make_error("catalog.csv: missing from the workspace");

  const std::string* campaigns = text("campaigns.json");
  if (!campaigns) return make_error("campaigns.json: missing from the workspace");
  CampaignCheck check = check_campaigns_text(*campaigns, w.manifest, template_names);
  if (!check.ok()) {
    // One problem reads as one message; several as a bulleted list (as load_manifest's).
    const std::string file = "campaigns.json";
    if (check.errors.size() == 1) return make_error(file, ": ", check.errors[0]);
    std::string list = check.errors[0];
    for (size_t i = 1; i < check.errors.size() && i < 10; i++) list += "\n  - " + check.errors[i];
    if (check.errors.size() > 10) list += "\n  - ...";
    return make_error(file, ": ", check.errors.size(), " problems:\n  - ", list);
  }
  w.campaigns = std::move(check.campaigns);
  w.files.push_back("campaigns.json");

  if (const std::string* outcomes = text("outcomes.csv")) {
    auto o = parse_outcomes_csv(*outcomes);
    if (!o) return make_error(std::string("outcomes.csv"), ": ", o.error().message);
    w.outcomes = std::move(*o);
    w.files.push_back("outcomes.csv");
  }
  if (const std::string* state = text("state.json")) {
    json j = json::parse(*state, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error("state.json: not a JSON object");
    if (j.contains("campaigns") && !j["campaigns"].is_object()) return make_error("state.json: campaigns: expected an object");
    w.state = std::move(j);
    w.files.push_back("state.json");
  }
  return w;
}

Result<std::map<std::string, std::string>> read_workspace_folder(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const std::string& name : workspace_files()) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    if (!in) continue;
    files[name] = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  if (files.empty()) return make_error("'", dir, "' holds no workspace files (manifest.json, catalog.csv, ...)");
  return files;
}

Status write_workspace_file(const std::string& dir, const std::string& name, const std::string& text) {
  std::string path = dir + "/" + name, tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return make_error("cannot write '", tmp, "'");
    out << text;
    if (!out) return make_error("cannot write '", tmp, "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return make_error("cannot replace '", path, "'");
  return {};
}

std::vector<std::string> template_base_names(const std::vector<std::string>& full_names) {
  std::set<std::string> out;
  for (const std::string& n : full_names) {
    size_t dot = n.rfind('.');
    out.insert(dot == std::string::npos ? n : n.substr(0, dot));
  }
  return {out.begin(), out.end()};
}

}  // namespace plume::ecosystem
