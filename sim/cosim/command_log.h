// Writes every DRAM command to a CSV file other tools read:
// cycle,ch,pc,sid,cmd,bg,bank,row,col (empty where a field does not apply).
#pragma once

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "device/command.h"

namespace hbmsim {

class CommandLog {
 public:
  static constexpr const char* kHeader = "cycle,ch,pc,sid,cmd,bg,bank,row,col";

  explicit CommandLog(const std::string& path);
  ~CommandLog();
  CommandLog(const CommandLog&) = delete;
  CommandLog& operator=(const CommandLog&) = delete;

  void write(const Command& c);
  void flush();
  // Flushes and closes the file; returns what went wrong writing it (empty: nothing).
  // A full device opens fine and fails on write: this is where that is seen.
  std::string close();
  const std::string& error() const { return error_; }

 private:
  void fail(int err);

  std::string path_;
  std::FILE* file_ = nullptr;
  fmt::memory_buffer buf_;
  std::string error_;   // the first write error; later commands are dropped
};

// One CSV line (without newline) for a command, as CommandLog writes it.
std::string format_command_csv(const Command& c);

}  // namespace hbmsim
