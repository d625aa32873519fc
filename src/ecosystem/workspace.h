// A campaign workspace: one folder (or, in the browser, the same files as texts) holding
// manifest.json, catalog.csv (or catalog.json), customers.csv, events.csv, campaigns.json and,
// when the optimization layer has run, outcomes.csv and state.json (bandit weights). Other
// files (faq.jsonl, ...) are left to their own rooms. Every error names the file, and the line
// and column or JSON path inside it: "events.csv: line 7, column 3 (user): empty".
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/campaign.h"
#include "ecosystem/campaign_outcomes.h"
#include "ecosystem/manifest.h"
#include "ecosystem/store.h"

namespace plume::ecosystem {

struct Workspace {
  Manifest manifest;
  Store store;
  std::vector<Campaign> campaigns;
  std::vector<Outcome> outcomes;                    // empty without outcomes.csv
  nlohmann::json state = nlohmann::json::object();  // state.json: {"version":1,"campaigns":{ID:{...}}}
  std::vector<std::string> files;                   // the files read, in order
};

// The file names a workspace reads, in load order (optional ones last).
const std::vector<std::string>& workspace_files();

// Loads from texts keyed by file name. `template_names` are the template library's names
// (without language) the campaigns may use.
Result<Workspace> load_workspace(const std::map<std::string, std::string>& files,
                                 const std::vector<std::string>& template_names);

// Reads the workspace's files from a folder (native; missing optional files are skipped).
Result<std::map<std::string, std::string>> read_workspace_folder(const std::string& dir);
// Writes one text file into the folder (state.json, outcomes.csv), replacing it atomically.
Status write_workspace_file(const std::string& dir, const std::string& name, const std::string& text);

// The library names without language ("email", "social_post.x") of a template library's names
// ("email.en", "email.zh", ...).
std::vector<std::string> template_base_names(const std::vector<std::string>& full_names);

}  // namespace plume::ecosystem
