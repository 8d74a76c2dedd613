#include "xml_check.h"

#include <cctype>
#include <stdexcept>

namespace cli_test {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}

  XmlNode document() {
    prolog();
    XmlNode root = element();
    misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("offset " + std::to_string(i_) + ": " + what);
  }
  bool at(const char* lit) const {
    return s_.compare(i_, std::char_traits<char>::length(lit), lit) == 0;
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  void skip_past(const char* end) {
    const size_t e = s_.find(end, i_);
    if (e == std::string::npos) fail(std::string("no closing ") + end);
    i_ = e + std::char_traits<char>::length(end);
  }
  // Whitespace and comments between top-level items.
  void misc() {
    for (skip_space(); at("<!--"); skip_space()) skip_past("-->");
  }
  void prolog() {
    if (at("<?xml")) skip_past("?>");
    misc();
    if (at("<!DOCTYPE")) skip_past(">");
    misc();
  }
  std::string name() {
    const size_t b = i_;
    auto ok = [](char c, bool first) {
      return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
             (!first && (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'));
    };
    while (i_ < s_.size() && ok(s_[i_], i_ == b)) ++i_;
    if (i_ == b) fail("expected a name");
    return s_.substr(b, i_ - b);
  }
  // Text up to `stop` with entities decoded; '<' is never allowed in it.
  std::string chars(char stop) {
    std::string out;
    while (i_ < s_.size() && s_[i_] != stop) {
      if (s_[i_] == '<') fail("'<' in text or attribute");
      if (s_[i_] != '&') {
        out += s_[i_++];
        continue;
      }
      const size_t semi = s_.find(';', i_);
      if (semi == std::string::npos || semi - i_ > 10) fail("'&' that starts no entity");
      const std::string ent = s_.substr(i_ + 1, semi - i_ - 1);
      static const std::map<std::string, char> named{
          {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
      if (named.count(ent)) {
        out += named.at(ent);
      } else if (ent.size() > 1 && ent[0] == '#') {
        out += '?';   // a character reference: its value does not matter here
      } else {
        fail("unknown entity &" + ent + ";");
      }
      i_ = semi + 1;
    }
    return out;
  }
  XmlNode element() {
    if (!at("<")) fail("expected an element");
    ++i_;
    XmlNode n;
    n.name = name();
    for (;;) {
      skip_space();
      if (at("/>")) {
        i_ += 2;
        return n;
      }
      if (at(">")) break;
      const std::string key = name();
      skip_space();
      if (!at("=")) fail("attribute " + key + " without a value");
      ++i_;
      skip_space();
      const char q = i_ < s_.size() ? s_[i_] : 0;
      if (q != '"' && q != '\'') fail("attribute " + key + " not quoted");
      ++i_;
      if (n.attrs.count(key)) fail("attribute " + key + " twice");
      n.attrs[key] = chars(q);
      ++i_;
    }
    ++i_;
    content(n);
    return n;
  }
  void content(XmlNode& n) {
    for (;;) {
      n.text += chars('<');
      if (i_ >= s_.size()) fail("<" + n.name + "> never closed");
      if (at("<!--")) {
        skip_past("-->");
      } else if (at("</")) {
        i_ += 2;
        const std::string end = name();
        if (end != n.name) fail("</" + end + "> closes <" + n.name + ">");
        skip_space();
        if (!at(">")) fail("expected '>'");
        ++i_;
        return;
      } else {
        n.kids.push_back(element());
      }
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

void collect(const XmlNode& n, const std::string& name, std::vector<const XmlNode*>& out) {
  if (n.name == name) out.push_back(&n);
  for (const XmlNode& k : n.kids) collect(k, name, out);
}

}  // namespace

std::vector<const XmlNode*> XmlNode::all(const std::string& name) const {
  std::vector<const XmlNode*> out;
  collect(*this, name, out);
  return out;
}

bool parse_xml(const std::string& doc, XmlNode& root, std::string& error) {
  try {
    root = Reader(doc).document();
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

}  // namespace cli_test
