// Analysis over an imported Store: per-customer metrics (events, purchases, revenue, recency),
// RFM quintile scores, the attributes a segment condition sees, segments by GrowthBook
// conditions (experiment/condition.h, the language of experiment targeting), per-segment
// insights (top categories, channel preference, best send hour) and interactions for the
// recommender. Pure functions of the Store; docs/ecosystem.md has the definitions.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "ecosystem/store.h"
#include "recommend/interactions.h"

namespace plume::ecosystem {

struct AnalysisOptions {
  int64_t as_of = kNoTime;            // "now" for day counts; default: the latest event's time
  int tz_offset_minutes = 0;          // local time for hours of the day
  std::string purchase_type = "purchase";
  std::vector<std::string> engagement_types = {"open", "click", "purchase"};
};

struct CustomerMetrics {
  int64_t events = 0, purchases = 0;
  double revenue = 0;                 // sum of every event's revenue
  int64_t first_seen = kNoTime, last_seen = kNoTime, last_purchase = kNoTime;
  int r = 0, f = 0, m = 0;            // RFM scores 1..5; 0 = never purchased (not scored)
  uint64_t channel_mask = 0;          // Store::channels used (the first 64)
  uint64_t partner_mask = 0;          // Store::partners met (the first 64)
};

struct Analysis {
  int64_t as_of = 0;
  std::vector<CustomerMetrics> customers;  // parallel to Store::customers
};

Analysis analyze_customers(const Store& store, const AnalysisOptions& options = {});

// Quintile scores 1..5 of `values`, higher value -> higher score. A value's score is
// 1 + floor(5 * (number of values strictly smaller) / n): equal values always share a score
// (the lower one), so a score may hold more than a fifth and a higher one may be empty.
std::vector<int> quintile_scores(const std::vector<double>& values);

// The classic RFM group of an (R, F) pair, first rule that matches: champions (R>=4, F>=4),
// loyal (F>=4), new (R>=4, F=1), promising (R>=4), at_risk (R<=2, F>=3), hibernating (R<=2),
// need_attention (the rest); "no_purchase" for R = 0.
const char* rfm_group(int r, int f);

// What a segment condition sees for one customer: the profile (id, name, email, phone,
// language, city, signup_date, signup_days), the imported attributes (numbers and true/false
// typed), and the computed ones (events, purchases, total_revenue, first_seen_days,
// last_seen_days, recency_days, rfm_r, rfm_f, rfm_m, rfm, rfm_score, rfm_group, channels,
// partners). Computed names win over imported attributes of the same name.
nlohmann::json customer_attributes(const Store& store, const Analysis& analysis, int32_t customer);

// The customers (indices, in Store order) whose attributes satisfy `condition`. A malformed
// condition is an error naming the problem (experiment::validate_condition).
Result<std::vector<int32_t>> segment_members(const Store& store, const Analysis& analysis,
                                             const nlohmann::json& condition);

struct CategoryStat {
  std::string category;
  int64_t purchases = 0, interactions = 0;
  double revenue = 0;
};
struct ChannelStat {
  std::string channel;
  int64_t events = 0, engagements = 0, purchases = 0;
  double revenue = 0;
  double share = 0;  // of the segment's engagements that have a channel
};
struct SegmentInsights {
  int64_t customers = 0, active = 0, purchasers = 0, events = 0;
  double revenue = 0;
  std::vector<CategoryStat> top_categories;  // by purchases, then interactions, then name
  std::vector<ChannelStat> channels;         // by engagements, then events, then name
  std::array<int64_t, 24> hours{};           // engagement events per local hour
  int best_hour = -1;                        // the busiest hour (earliest on a tie); -1 = no data
  std::map<std::string, int64_t> rfm_groups; // customers per rfm_group
};

SegmentInsights segment_insights(const Store& store, const Analysis& analysis, const std::vector<int32_t>& members,
                                 const AnalysisOptions& options = {}, size_t top_categories = 5);

// The local hour (0..23) of a UTC timestamp at a UTC offset.
int local_hour(int64_t timestamp, int tz_offset_minutes);

// Interactions for the recommender (src/recommend) from the imported events: each event with an
// item adds its type's weight to (customer, item); types without a weight are skipped. Users
// are customer ids, items item ids; the timestamp is the latest event's.
recommend::Dataset interactions_from_events(const Store& store, const std::map<std::string, float>& weights =
                                                {{"view", 1.0f}, {"click", 2.0f}, {"add_to_cart", 3.0f}, {"purchase", 5.0f}});

}  // namespace plume::ecosystem
