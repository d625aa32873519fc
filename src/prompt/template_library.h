// The template library: a prompt template is a JSON sidecar (what to write, few-shot examples,
// constraints, checks, how to parse the output, the channel, default generation settings) plus
// the Mustache text it names and its partials. Schema: docs/templates.md; layout of the prompt
// it renders: docs/prompt-format.md.
//
// No I/O here: the caller hands over the files' texts (the CLI reads templates/, the browser
// fetches them), so the same code validates a template natively and in WASM. Every validation
// error names the file and the JSON path ("email.en.json: checks.max_words: expected a whole
// number from 0 to 100000, got \"ten\"").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "prompt/channel.h"
#include "prompt/mustache.h"

namespace plume::prompt {

// One labelled part of a multi-part output (an email's subject and body, an ad's headline and
// description): it runs from its label to the next part's label.
struct OutputPart {
  std::string name;                   // "subject"
  std::string label;                  // "Subject:" / "主题："
  std::optional<Channel> channel_rule;  // the channel rule this part must pass, if any
};

struct TemplateOutput {
  std::string marker;              // the prompt ends with it ("### Output\n")
  std::vector<std::string> stop;   // stop strings for generation ("\n###")
  std::vector<OutputPart> parts;   // empty: the output is one text
};

// Machine-checked forms of the constraints. Units follow the language: words in English,
// characters in Chinese. 0 means "no bound".
struct TemplateChecks {
  int min_words = 0, max_words = 0, min_chars = 0, max_chars = 0;
  std::vector<std::string> must_mention;  // input fields whose values the text must contain
  std::vector<std::string> banned;        // brand words the text must not contain
  std::vector<std::string> required;      // keywords the text must contain
  std::optional<Channel> channel_rule;    // the whole text's channel rule, if any
};

// Default generation settings (a request may override each).
struct TemplateGeneration {
  int n = 3;
  int max_new_tokens = 160;
  double temperature = 0.8;
  int top_k = 40;
  double top_p = 0.95;
  double repetition_penalty = 1.1;
};

struct PromptTemplate {
  std::string name;          // "email.en": the sidecar's file name without ".json", or its "name"
  std::string content_type;  // "email"
  std::string language;      // "en" | "zh"
  std::string channel;       // the channel it is written for ("email", "x", "weibo", ...)
  std::string template_file;
  std::string template_text;
  MustachePartials partials;
  std::string task;
  std::vector<std::string> constraints;
  nlohmann::json fields = nlohmann::json::object();  // defaults for the input and every example
  std::vector<std::string> input_fields;      // allowed input keys (empty: any)
  std::vector<std::string> required_fields;   // input keys that must have a value
  nlohmann::json examples = nlohmann::json::array();  // few-shot: objects of fields + "output"
  TemplateChecks checks;
  TemplateOutput output;
  TemplateGeneration generation;
  nlohmann::json sample = nlohmann::json::object();   // optional sample data, for docs and tests
};

// Reads a file the sidecar names, relative to the sidecar's folder.
using TemplateFileReader = std::function<Result<std::string>(const std::string& file)>;

// Parses and validates one sidecar (`file_name` is used in messages and as the default name),
// reads the template and partials it names through `read`, and checks their Mustache syntax.
Result<PromptTemplate> parse_template(std::string_view sidecar_text, const std::string& file_name,
                                      const TemplateFileReader& read);

// Every template in a folder: `files` maps file names to texts (sidecars are the "*.json" ones
// except index.json, the file list the browser reads).
// The first invalid sidecar is an error naming it.
Result<std::vector<PromptTemplate>> load_library(const std::map<std::string, std::string>& files);

// Finds `name` ("email", "social_post.x") in `lang`, or the full name ("email.zh"). The error
// lists the names the library has.
Result<const PromptTemplate*> find_template(const std::vector<PromptTemplate>& library, const std::string& name,
                                            const std::string& lang);

// The sidecar as JSON again (for listing and for the page), without the Mustache texts.
nlohmann::json template_summary(const PromptTemplate& t);

}  // namespace plume::prompt
