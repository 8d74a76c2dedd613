// Something that runs the accelerator tile from the host side each tCK (its CSR port and
// interrupt): the tile driver (host/tile/tile_driver.h). The co-simulation top calls it in
// place of the port agents; the tile itself drives the PCs' ports.
#pragma once

#include <cstdint>
#include <string>

namespace hbmsim {

class RtlTile;

class TileAgent {
 public:
  virtual ~TileAgent() = default;
  // Set the tile's CSR inputs for this tCK (before the models settle).
  virtual void drive(RtlTile& tile, uint64_t cycle) = 0;
  // Observe the settled outputs (APB ready/data, interrupt).
  virtual void sample(RtlTile& tile, uint64_t cycle) = 0;
  // After drive(): no CSR transfer on the tile's bus this tCK, so sample() reads only
  // registered outputs (the interrupt) and the tile's edges may be evaluated after it
  // (CosimTop::step). False is always safe.
  virtual bool bus_idle() const { return false; }
  // Every descriptor finished and the counters read: the traffic phase may end.
  virtual bool done() const = 0;
  // Grows with every CSR handshake; the top adds the tile's own AXI handshakes.
  virtual uint64_t progress() const = 0;
  // What the driver waits for, for the watchdog's message.
  virtual std::string status() const = 0;
};

}  // namespace hbmsim
