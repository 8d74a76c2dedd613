# The two commands a new user needs:
#   make demo   set up, build, run one Llama-2-7B decode layer on the tile and an HBM3 stack
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

# One decode layer of Llama-2-7B (context 2048, batch 1) on the whole HBM3 stack: the
# RTL tile and 32 RTL controllers against the checked device model.
DEMO_ARGS ?= --standard hbm3 --pcs 32 --workload decode --model llama2-7b --context 2048 \
  --batch 1 --layers 1

demo: build
	@mkdir -p $(OUT)
	$(HBMSIM) run $(DEMO_ARGS) --report $(OUT)/demo.json --cmd-log $(OUT)/demo_commands.csv \
	  --wave $(OUT)/demo.fst --wave-scope tile --wave-end 3000
	@echo "report: $(OUT)/demo.json  commands: $(OUT)/demo_commands.csv  waveform: $(OUT)/demo.fst (the tile, first 3000 tCK)"

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
