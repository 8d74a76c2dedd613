// Drives the stack's APB port from C++: one transfer at a time, a setup tCK then an
// access tCK, as AMBA APB does. Used to program the controllers and read counters.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

class Vhbm_sim_top;

namespace hbmsim {

class CsrMaster {
 public:
  void write(uint32_t addr, uint32_t data);
  void read(uint32_t addr, uint32_t* out);   // *out is set when the read completes
  bool idle() const { return queue_.empty(); }
  uint64_t last_access_cycle() const { return last_cycle_; }
  const std::vector<std::string>& errors() const { return errors_; }

  void drive(Vhbm_sim_top& top) const;
  void sample(Vhbm_sim_top& top, uint64_t cycle);

 private:
  struct Access {
    bool write;
    uint32_t addr, data;
    uint32_t* out;
  };
  std::deque<Access> queue_;
  bool access_phase_ = false;
  uint64_t last_cycle_ = 0;
  std::vector<std::string> errors_;
};

}  // namespace hbmsim
