#!/usr/bin/env bash
# Installs the Debian packages hbmsim needs, or says exactly how to when not root.
set -euo pipefail
pkgs=(verilator libsystemc-dev libfmt-dev libgtest-dev googletest zlib1g-dev
      nlohmann-json3-dev libcli11-dev cmake g++ make pkg-config
      clang libclang-rt-14-dev    # clang + libFuzzer: the fuzz targets
      yosys python3               # make synth (scripts/synth)
      gtkwave)                    # fst2vcd: tests read waveforms back
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "hbmsim: missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "hbmsim: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
