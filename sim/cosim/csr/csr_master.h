// Drives the controllers' APB CSR ports from C++: one transfer at a time, a setup tCK
// then an access tCK, as AMBA APB does. Addresses are (pc << 12) | offset; PC 127 writes
// to every PC at once. Used to program the controllers and read their counters.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace hbmsim {

class RtlChannels;

class CsrMaster {
 public:
  static constexpr unsigned kBroadcast = 127;

  void write(uint32_t addr, uint32_t data);
  void read(uint32_t addr, uint32_t* out);   // *out is set when the read completes
  bool idle() const { return queue_.empty(); }
  const std::vector<std::string>& errors() const { return errors_; }

  void drive(RtlChannels& rtl);
  void sample(RtlChannels& rtl);

 private:
  struct Access {
    bool write;
    uint32_t addr, data;
    uint32_t* out;
  };
  bool targets(const Access& a, unsigned model) const;

  std::deque<Access> queue_;
  bool access_phase_ = false;
  // The pins last driven were idle (no transfer): driving them again changes nothing, so an
  // idle bus costs nothing a tCK (it is idle for all of the traffic).
  bool idle_driven_ = false;
  std::vector<std::string> errors_;
};

}  // namespace hbmsim
