# The two commands a new user needs:
#   make demo   set up, build, run one Llama-2-7B decode layer on the tile and an HBM3 stack
#   make test   set up, build, run the test suite CI runs (CTest labels smoke + ci)
# Both install missing Debian packages first (scripts/setup-deps.sh).

BUILD_DIR  ?= build
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
OUT        ?= out
HBMSIM      = $(BUILD_DIR)/host/hbmsim

.PHONY: all deps configure build program demo test regression lint synth clean fuzz fuzz-build fuzz-short sanitize

all: build

deps:
	@scripts/setup-deps.sh

configure: deps
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || \
	  cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The hbmsim program alone: what `make demo` runs. The test programs are about a fifth of
# a clean build's compile time; `make test` and `make build` build them.
program: configure
	cmake --build $(BUILD_DIR) -j$(JOBS) --target hbmsim

# One decode layer of Llama-2-7B (context 2048, batch 1) on the whole HBM3 stack: the
# RTL tile and 32 RTL controllers against the checked device model.
DEMO_ARGS ?= --standard hbm3 --pcs 32 --workload decode --model llama2-7b --context 2048 \
  --batch 1 --layers 1

demo: program
	@mkdir -p $(OUT)
	$(HBMSIM) run $(DEMO_ARGS) --report $(OUT)/demo.json --cmd-log $(OUT)/demo_commands.csv \
	  --wave $(OUT)/demo.fst --wave-scope tile --wave-end 3000 --html $(OUT)/demo.html
	@echo "report: $(OUT)/demo.json  commands: $(OUT)/demo_commands.csv  waveform: $(OUT)/demo.fst (the tile, first 3000 tCK)  HTML report: $(OUT)/demo.html"

test: build fuzz-short
	cd $(BUILD_DIR) && ctest -L 'smoke|ci' --output-on-failure -j$(JOBS) --timeout 900

# libFuzzer targets (fuzz/) under ASan + UBSan, built with clang in their own build
# directory. `make fuzz` runs each FUZZ_SECONDS (default 600); `make fuzz-short` runs
# each FUZZ_SHORT seconds from the seed corpus (CI). New inputs go to build-fuzz/corpus,
# findings (crash-*, leak-*, timeout-*, oom-*) to build-fuzz/findings.
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_SHORT   ?= 15
FUZZ_TARGETS  = standard check_log mapping trace
FUZZ_FLAGS    = -rss_limit_mb=2048 -timeout=10 -max_len=65536

fuzz-build: deps
	@[ -f $(FUZZ_DIR)/CMakeCache.txt ] || \
	  cmake -S fuzz -B $(FUZZ_DIR) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_DIR) -j$(JOBS)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/findings/$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$t $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/findings/$$t/ $(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t \
	    2>$(FUZZ_DIR)/fuzz_$$t.log || { tail -30 $(FUZZ_DIR)/fuzz_$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|cov:" $(FUZZ_DIR)/fuzz_$$t.log | tail -2; \
	done

fuzz-short:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SHORT)

# The CI test set with every target under ASan + UBSan, in its own build directory.
ASAN_DIR ?= build-asan
sanitize: deps
	@[ -f $(ASAN_DIR)/CMakeCache.txt ] || \
	  cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHBMSIM_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j$(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest -L 'smoke|ci' --output-on-failure -j$(JOBS) --timeout 1800

regression: build
	cd $(BUILD_DIR) && ctest -L 'regression' --output-on-failure -j$(JOBS)

lint:
	verilator --lint-only -Wall rtl/pkg/*.sv rtl/common/*.sv rtl/ctrl/front/*.sv rtl/ctrl/sched/*.sv rtl/ctrl/*.sv rtl/top/*.sv \
	  --top-module hbm_sim_top
	# The tile's package first: the other tile files import it.
	verilator --lint-only -Wall -Wno-UNUSEDPARAM rtl/pkg/*.sv rtl/tile/hbm_tile_pkg.sv \
	  rtl/common/*.sv $(filter-out %_pkg.sv,$(wildcard rtl/tile/*.sv)) --top-module hbm_tile_sim_top

# Synthesizes each block of scripts/synth/blocks.txt with Debian's yosys (synth_xilinx
# -family xcup), one after another, prints LUT/FF/LUTRAM/BRAM/DSP/logic depth per block and
# writes the table into docs/synthesis.md; fails when a converted block no longer
# synthesizes cleanly or exceeds its budget. SYNTH_ARGS="--block hbm_tile_port" for one.
SYNTH_ARGS ?=
synth: deps
	python3 scripts/synth/synth.py --check $(SYNTH_ARGS)

clean:
	rm -rf $(BUILD_DIR) $(OUT)
