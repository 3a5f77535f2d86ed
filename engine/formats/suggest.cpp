#include "suggest.hpp"

#include <algorithm>

namespace llamawool::detail {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of two neighbours
    // ("cots" for "cost") cost 1 each.
    const std::size_t m = b.size();
    std::vector<std::size_t> before(m + 1), previous(m + 1), row(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const bool same = fold(a[i - 1]) == fold(b[j - 1]);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[m];
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
