#include "cosim/command_log.h"

#include <cerrno>
#include <cstring>
#include <iterator>

#include "common/errors.h"

namespace hbmsim {
namespace {

void append(fmt::memory_buffer& out, const Command& c) {
  fmt::format_to(std::back_inserter(out), "{},{},{},", c.cycle, c.ch, c.pc);
  if (targets_bank(c.kind)) fmt::format_to(std::back_inserter(out), "{}", c.sid);
  fmt::format_to(std::back_inserter(out), ",{},", cmd_name(c.kind));
  if (targets_bank(c.kind)) fmt::format_to(std::back_inserter(out), "{},{}", c.bg, c.bank);
  else fmt::format_to(std::back_inserter(out), ",");
  fmt::format_to(std::back_inserter(out), ",");
  if (c.kind == CmdKind::ACT) fmt::format_to(std::back_inserter(out), "{}", c.row);
  fmt::format_to(std::back_inserter(out), ",");
  if (is_column(c.kind)) fmt::format_to(std::back_inserter(out), "{}", c.col);
}

}  // namespace

std::string format_command_csv(const Command& c) {
  fmt::memory_buffer out;
  append(out, c);
  return fmt::to_string(out);
}

CommandLog::CommandLog(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) {
    throw ConfigError(fmt::format("{}: cannot write command log: {}", path,
                                  std::strerror(errno)));
  }
  fmt::format_to(std::back_inserter(buf_), "{}\n", kHeader);
}

CommandLog::~CommandLog() { close(); }

void CommandLog::fail(int err) {
  if (error_.empty()) {
    error_ = fmt::format("--cmd-log {}: cannot write: {}", path_,
                         err ? std::strerror(err) : "write failed");
  }
}

void CommandLog::write(const Command& c) {
  append(buf_, c);
  buf_.push_back('\n');
  if (buf_.size() > (1u << 16)) flush();
}

void CommandLog::flush() {
  if (file_ && error_.empty() && buf_.size()) {
    errno = 0;
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) fail(errno);
  }
  buf_.clear();
}

std::string CommandLog::close() {
  if (!file_) return error_;
  flush();
  errno = 0;
  if (std::fflush(file_) != 0 || std::ferror(file_)) fail(errno);
  errno = 0;
  if (std::fclose(file_) != 0) fail(errno);
  file_ = nullptr;
  return error_;
}

}  // namespace hbmsim
