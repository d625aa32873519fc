// Channel and brand rules: the first byte picks the channel, then text | options JSON (with an
// optional "brand" object). Invariants: valid UTF-8 text always gets an answer for every channel;
// an answer has at least one segment, a non-negative length and a unit; ok means no error-level
// reason; the JSON door agrees with the C++ one.
#include "fuzz_input.h"
#include "prompt/channel.h"
#include "prompt/channel_json.h"

using namespace plume;
using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<Channel>& channels = all_channels();
  Channel channel = channels[data[0] % channels.size()];
  auto parts = fuzz::split_parts(data + 1, size - 1, 2);
  std::string_view text = parts[0];
  json options = json::parse(parts[1].begin(), parts[1].end(), nullptr, false);
  if (options.is_discarded()) options = json::object();

  auto result = check_channel(text, channel);
  if (fuzz::valid_utf8(text)) FUZZ_CHECK(result.ok());
  if (result) {
    FUZZ_CHECK(result->segments >= 1 && result->length >= 0 && !result->unit.empty());
    if (result->ok)
      for (const rules::Reason& reason : result->reasons) FUZZ_CHECK(reason.severity != rules::Severity::kError);
  }
  auto j = check_channel_json(text, channel_name(channel), options);
  if (j) {
    FUZZ_CHECK(j->is_object() && j->contains("ok"));
    (void)j->dump(-1, ' ', false, json::error_handler_t::replace);
  } else {
    FUZZ_CHECK(!j.error().message.empty());
  }
  if (options.is_object() && options.contains("brand")) {
    auto b = check_brand_json(text, options["brand"]);
    if (!b) FUZZ_CHECK(!b.error().message.empty());
  }
  (void)split_sentences(text);
  return 0;
}
