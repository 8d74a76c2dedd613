// A strict little XML reader for the HTML report's tests: elements, attributes in
// quotes, the five predefined entities and character references, comments and one
// DOCTYPE. Anything else (an unclosed tag, a stray '<' or '&', two roots) is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cli_test {

struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<XmlNode> kids;
  std::string text;   // character data directly inside, entities decoded

  // Every element named `name` at or below this one, in document order.
  std::vector<const XmlNode*> all(const std::string& name) const;
};

// Parses `doc`; on error returns false with `error` saying where and what.
bool parse_xml(const std::string& doc, XmlNode& root, std::string& error);

}  // namespace cli_test
