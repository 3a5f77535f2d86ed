// The resume report written into a JsonWriter, so that a document that embeds it (the UI view)
// writes it in place instead of building a second string.
#pragma once

#include "json_writer.hpp"
#include "llamawool/resume.hpp"

namespace llamawool::detail {

// "key":"<amount>" (the shortest round-trip decimal, as in saves) and "key":<integer>, the members
// most of the engine's reports are made of; one out-of-line copy for the reports and the view.
void amount_member(JsonWriter& w, std::string_view key, double x);
void integer_member(JsonWriter& w, std::string_view key, std::int64_t x);

// {"fromMs", ..., "woolUnlocked", "achievementsUnlocked"}: resume_report_to_json's document.
void write_resume_report(JsonWriter& w, const Ruleset& rules, const ResumeReport& report);

}  // namespace llamawool::detail
