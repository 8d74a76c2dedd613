// Something that drives one AXI port of the Verilated stack each tCK (a traffic
// master, an accelerator model): the co-simulation top calls it, nothing else does.
#pragma once

#include <cstdint>
#include <string>

#include "cosim/models/axi_pins.h"

namespace hbmsim {

class PortAgent {
 public:
  virtual ~PortAgent() = default;
  // Set the port's inputs for this tCK (before the models settle).
  virtual void drive(const AxiPins& port, uint64_t cycle) = 0;
  // Observe the settled outputs; handshakes complete at the coming clock edge.
  virtual void sample(const AxiPins& port, uint64_t cycle) = 0;
  // All traffic issued and answered.
  virtual bool done() const = 0;
  // Grows with every handshake; the watchdog calls a port stuck when it stops growing.
  virtual uint64_t progress() const = 0;
  // What is outstanding, for the watchdog's message.
  virtual std::string status() const = 0;
  // True when sample() only reads this agent's own port and its own state and holds back
  // what it tells others until flush(): the co-simulation may then call sample() for
  // several ports on other threads' schedule (CosimTop::step), and flushes every agent in
  // port order once all have sampled, so whoever listens hears the same in the same order.
  virtual bool deferrable() const { return false; }
  virtual void flush() {}
};

}  // namespace hbmsim
