// Text compared without regard to ASCII case: trace opcodes ("read", "READ"), option
// values ("--refresh PerBank"), a preset's name given in another case ("--model TINY").
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace hbmsim {

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace hbmsim
