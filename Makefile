# The two commands a new user needs:
#   make demo   set up, build, run the default workload on the default HBM config
#   make test   set up, build, run the test suite CI runs (CTest labels smoke + ci)
# Both install missing Debian packages first (scripts/setup-deps.sh).

BUILD_DIR  ?= build
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
OUT        ?= out
HBMSIM      = $(BUILD_DIR)/host/hbmsim

.PHONY: all deps configure build demo test regression lint clean

all: build

deps:
	@scripts/setup-deps.sh

configure: deps
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || \
	  cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

demo: build
	@mkdir -p $(OUT)
	$(HBMSIM) run --standard hbm3 --workload seq --requests 20000 --read-ratio 1.0 \
	  --report $(OUT)/demo.json --cmd-log $(OUT)/demo_commands.csv \
	  --wave $(OUT)/demo.fst --wave-end 3000
	@echo "report: $(OUT)/demo.json  commands: $(OUT)/demo_commands.csv  waveform: $(OUT)/demo.fst"

test: build
	cd $(BUILD_DIR) && ctest -L 'smoke|ci' --output-on-failure -j$(JOBS) --timeout 900

regression: build
	cd $(BUILD_DIR) && ctest -L 'regression' --output-on-failure -j$(JOBS)

lint:
	verilator --lint-only -Wall rtl/pkg/*.sv rtl/common/*.sv rtl/ctrl/*.sv rtl/top/*.sv \
	  --top-module hbm_sim_top
	# The tile's package first: the other tile files import it.
	verilator --lint-only -Wall -Wno-UNUSEDPARAM rtl/pkg/*.sv rtl/tile/hbm_tile_pkg.sv \
	  rtl/common/*.sv $(filter-out %_pkg.sv,$(wildcard rtl/tile/*.sv)) --top-module hbm_tile_sim_top

clean:
	rm -rf $(BUILD_DIR) $(OUT)
