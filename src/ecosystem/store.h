// The ecosystem's data: products (from partners' catalogs), customers (unified across sources)
// and events (from every channel and partner). Plain tables with dense indices; imports append
// to them through an Importer (import.h), which stages rows and commits only on success.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace plume::ecosystem {

inline constexpr int64_t kNoTime = INT64_MIN;

// Strings seen many times (event types, channels, partners, item ids) stored once.
class Names {
 public:
  int32_t intern(std::string_view name) {
    auto it = index_.find(std::string(name));
    if (it != index_.end()) return it->second;
    int32_t id = static_cast<int32_t>(names_.size());
    names_.emplace_back(name);
    index_.emplace(names_.back(), id);
    return id;
  }
  int32_t find(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? -1 : it->second;
  }
  const std::string& name(int32_t id) const { return names_[static_cast<size_t>(id)]; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> index_;
};

struct Product {
  std::string id, title, description;
  double price = 0;
  std::string currency, category, brand, link, image_link, availability, partner;
};

struct Customer {
  std::string id;                    // the unified id: the first source id seen for this person
  std::string name, email, phone, language, city;  // email lower-cased, phone E.164
  int64_t signup = kNoTime;          // seconds since the epoch (UTC)
  std::vector<std::pair<int32_t, std::string>> attributes;  // Store::attribute_names index -> value
  std::vector<std::string> aliases;  // other source ids unified into this customer
};

struct Event {
  int32_t customer = -1;   // index into Store::customers
  int32_t item = -1;       // index into Store::items, -1 when the event has no item
  int32_t type = 0;        // Store::event_types
  int32_t channel = -1;    // Store::channels, -1 when none
  int32_t partner = -1;    // Store::partners, -1 when none
  int64_t timestamp = 0;   // seconds since the epoch (UTC)
  double revenue = 0;
};

struct Store {
  std::vector<Product> products;
  std::unordered_map<std::string, int32_t> product_index;   // product id -> products index
  std::vector<Customer> customers;
  std::unordered_map<std::string, int32_t> customer_index;  // id or alias -> customers index
  std::unordered_map<std::string, int32_t> identity_index;  // "email:a@b.c", "phone:+86..." -> customer
  std::vector<std::string> attribute_names;
  std::vector<Event> events;
  Names items, event_types, channels, partners;
};

}  // namespace plume::ecosystem
