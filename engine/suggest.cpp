#include "suggest.hpp"

#include <algorithm>

namespace llamawool::detail {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitute = diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string_view>& known) {
    if (name.empty() || name.size() > 256) return {};
    std::string_view best;
    std::size_t bestDistance = 3;  // at most 2 edits
    for (std::string_view k : known) {
        if (k == name) continue;
        const std::size_t d = edit_distance(name, k);
        if (d < bestDistance && 2 * d < std::max(name.size(), k.size())) {
            best = k;
            bestDistance = d;
        }
    }
    return std::string(best);
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& known) {
    const std::string best = closest_name(name, known);
    return best.empty() ? std::string() : " (did you mean \"" + best + "\"?)";
}

}  // namespace llamawool::detail
