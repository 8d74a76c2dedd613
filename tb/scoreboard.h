// Checks every byte the host reads against a golden model of memory: what the host
// wrote, or, where it never wrote, the device's documented fill pattern. At the end it
// compares every byte the host wrote with what the device model stored (backdoor).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "device/fill_pattern.h"
#include "controller/address_map.h"
#include "device/storage.h"
#include "tb/axi_txn.h"

namespace hbmsim {

class Scoreboard : public TxnObserver {
 public:
  // Where a port's byte address lives in the stack; nothing if it does not exist.
  using Locator = std::function<std::optional<BurstLocation>(unsigned port, uint64_t addr)>;

  Scoreboard(Locator locate, uint64_t fill_seed);

  void on_issue(unsigned port, const AxiTxn& t) override;
  void on_complete(unsigned port, const AxiTxn& t) override;

  // Compares every written line with the device's storage; returns bytes that differ.
  uint64_t check_storage(const Storage& storage);

  uint64_t bytes_checked() const { return bytes_checked_; }
  uint64_t mismatches() const { return mismatched_bytes_; }
  uint64_t response_errors() const { return bad_responses_; }
  const std::vector<std::string>& reports() const { return reports_; }

 private:
  using Line = std::array<uint8_t, AxiTxn::kBusBytes>;
  struct Key {
    unsigned port;
    uint64_t line;
    bool operator==(const Key& o) const { return port == o.port && line == o.line; }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return splitmix64(k.line * 131 + k.port); }
  };

  Line expected_line(unsigned port, uint64_t line_addr, const BurstLocation& loc) const;
  void check_refused(unsigned port, const AxiTxn& t);
  // An error beat (SLVERR, DECERR) of a read carries zeros (the PC's AXI port zeroes it).
  void check_error_data(unsigned port, const AxiTxn& t, unsigned beat);
  void report(std::string what);

  Locator locate_;
  uint64_t seed_;
  std::unordered_map<Key, Line, KeyHash> golden_;
  uint64_t bytes_checked_ = 0;
  uint64_t mismatched_bytes_ = 0;
  uint64_t bad_responses_ = 0;
  std::vector<std::string> reports_;
};

// Port p is PC p's own AXI port (no interleaving crossbar): its addresses go through the
// controller's map; what the map says does not exist answers DECERR.
Scoreboard::Locator per_pc_locator(const AddressMap& map);

// Port 0 is the crossbar's: its address space interleaves every PC in use.
class RtlXbar;
Scoreboard::Locator xbar_locator(const AddressMap& map, const RtlXbar& xbar);

}  // namespace hbmsim
