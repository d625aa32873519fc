// Execution (issue 7, item 5): a campaign run in batch, one customer per step, so a caller can
// show progress and cancel between customers (the browser yields to the page between steps).
// For each audience customer, in store order: the variant (campaign_plan.h), the items, the
// language; then the template's prompt from the profile, the items and the partner's voice, N
// candidates from the writer (the model), filtered and ranked by the template's rules, the
// voice's words and the manifest's channel limits, and the best one kept. When no candidate
// passes (or the run has no model) the template-only fallback text is checked by the same
// rules and used, with the reason recorded; when even that fails, or the channel cannot reach
// the customer, the customer is skipped with the reason.
//
// Deterministic: each customer's generation seed is derived from the run seed and the customer
// id, so the output does not depend on where a run was interrupted. Resumable: the RunState
// (customers done, messages and skips so far) is plain JSON; a run created from a saved state
// continues where it stopped and ends with the same messages as an uninterrupted run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/campaign.h"
#include "ecosystem/workspace.h"
#include "prompt/template_library.h"
#include "prompt/write.h"
#include "prompt/write_request.h"

namespace plume::ecosystem {

// Generates and ranks candidates for one prompt (natively and in WASM: write_with_model).
using CandidateWriter = std::function<Result<std::vector<prompt::RankedCandidate>>(const prompt::PromptTemplate&,
                                                                                   const prompt::WriteRequest&)>;

struct RunOptions {
  uint64_t seed = 42;
  int limit = 0;        // at most this many audience customers (0 = all)
  int candidates = 0;   // candidates per message (0 = the template's n)
  int max_new_tokens = 0;  // 0 = the template's
  bool use_model = true;   // false: template-only (the writer is not called)
};

struct RunProgress {
  int64_t done = 0, total = 0, messages = 0, skipped = 0, fallbacks = 0;
};

class CampaignRun {
 public:
  // The workspace and library must outlive the run. `writer` may be empty when !use_model.
  static Result<std::unique_ptr<CampaignRun>> create(const Workspace& w, const std::vector<prompt::PromptTemplate>& library,
                                                     const std::string& campaign_id, const RunOptions& options,
                                                     CandidateWriter writer);
  // Continues a saved run (same workspace data, campaign, seed and mode, else an error saying
  // what differs).
  static Result<std::unique_ptr<CampaignRun>> resume(const Workspace& w, const std::vector<prompt::PromptTemplate>& library,
                                                     const nlohmann::json& state, CandidateWriter writer);
  ~CampaignRun();

  bool done() const;
  // Processes the next customer. An error here is a broken writer, not a bad customer.
  Status step();
  RunProgress progress() const;

  // {"format":"plume-campaign-run/1","campaign","seed","mode","limit","audience":N,
  //  "audienceHash","done","messages":[...],"skipped":[...],"weights":[...]}
  nlohmann::json state() const;
  const nlohmann::json& messages() const;  // the message objects so far (docs/campaigns.md)
  // A summary: counts per variant, fallbacks, skip reasons, the weights used.
  nlohmann::json summary() const;

  struct Impl;

 private:
  explicit CampaignRun(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Runs to the end (or until `keep_going` returns false), calling it after each customer.
Status run_campaign(CampaignRun& run, const std::function<bool(const RunProgress&)>& keep_going = {});

}  // namespace plume::ecosystem
