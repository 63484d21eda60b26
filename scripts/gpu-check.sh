#!/usr/bin/env bash
# The CUDA verification kit: packs here what a GPU machine lacks (.NET, our programs, PTB), and runs the checks there
# against that machine's own libtorch (the PyTorch in its Python). The kit lives in .gpu-kit/ (git-ignored).
#
#   scripts/gpu-check.sh pack [--torchsharp-src DIR]   here: build .gpu-kit/kit.tar.xz; with a TorchSharp checkout
#                                                      (e.g. the search tool's fetch of dotnet/TorchSharp), also
#                                                      carry its src/Native for route B (never committed)
#   scripts/gpu-check.sh dry-run                       here: the whole kit from a clean directory, no dotnet on the
#                                                      PATH, on the CPU with NuGet's libtorch and Debian's torch
#   scripts/gpu-check.sh run --device cuda [--out DIR] there (the device tool, from the repository root, carrying
#                     [--tokens N]                     .gpu-kit): the checks, with a log in DIR; --tokens limits the
#                                                      batched step's corpora to their first N tokens
#
# What run checks: the Cuda and Layers test categories (NUnit's runner inside the kit's program), `train` of the
# smoke config, 300 faithful steps and one fast PTB epoch (ms/step, words/s), the PyTorch reference's train for
# the same 300 steps on the same device, and the batched fast step (step "batched", batches of 16,384) against the
# reference's batched mode, one CBOW epoch each on PTB and on the seeded text8-sized corpus (bench/compare.py's,
# generated there) and one skip-gram epoch with Adagrad on PTB: words/s and peak GPU memory (nvidia-smi's, sampled,
# where there is one). Route A loads TorchSharp's shipped libLibTorchSharp.so against the machine's libtorch; if that
# fails, route B builds libLibTorchSharp.so there from the carried sources with CMake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="$root/.gpu-kit"

log() { echo "gpu-check: $*"; }

pack() {
  local sources=""
  [ "${1:-}" = "--torchsharp-src" ] && sources="$2"
  local data="${NEGSAMPLING_DATA:-$root/data}"
  [ -f "$data/ptb/ptb.train.txt" ] ||
    { log "no PTB at $data/ptb/ptb.train.txt: set NEGSAMPLING_DATA or run ./negsampling fetch ptb"; exit 1; }
  rm -rf "$kit/stage" && mkdir -p "$kit/stage/data/ptb"
  log "publishing the kit's program, self-contained for linux-x64, without a native libtorch"
  dotnet publish "$root/tools/GpuCheck/GpuCheck.csproj" -c Release -r linux-x64 --self-contained -nologo -v q \
    -p:TorchBackend=none -p:InvariantGlobalization=true -o "$kit/stage/app" >/dev/null
  cp "$data/ptb/ptb.train.txt" "$kit/stage/data/ptb/"
  tar -C "$kit/stage" -cJf "$kit/kit.tar.xz" app data
  rm -rf "$kit/stage"
  if [ -n "$sources" ]; then
    rm -rf "$kit/torchsharp-native" && mkdir -p "$kit/torchsharp-native"
    git -C "$sources" archive HEAD src/Native build | tar -x -C "$kit/torchsharp-native"
    log "carrying TorchSharp's src/Native from $sources ($(git -C "$sources" log -1 --format=%h))"
  fi
  log "kit: $(du -sh "$kit" | cut -f1) in $kit (the device tool carries at most 64 MiB)"
}

# Route B: libLibTorchSharp.so from TorchSharp's native sources, built against the libtorch of this machine's PyTorch.
build_native() {
  local python="$1" out="$2"
  [ -d "$kit/torchsharp-native/src/Native" ] || { log "route B impossible: no TorchSharp sources carried"; return 1; }
  local prefix build="$out/native-build"
  prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
  mkdir -p "$build/obj" && echo '#define TorchSharp_VERSION "0.107.0"' >"$build/_version.h"
  cmake -S "$kit/torchsharp-native/src/Native" -B "$build/obj" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" -DLIBTORCH_PATH="$prefix/Torch" -DVERSION_FILE_PATH="" >"$out/route-b.log" 2>&1
  cmake --build "$build/obj" --target LibTorchSharp -j "$(nproc)" >>"$out/route-b.log" 2>&1
  find "$build/obj" -name libLibTorchSharp.so -print -quit
}

run() {
  local device=cpu out="" libtorch="" python="${NEGSAMPLING_PYTHON:-python3}" tokens=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --device) device="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      --libtorch) libtorch="$2"; shift 2 ;;
      --python) python="$2"; shift 2 ;;
      --tokens) tokens="$2"; shift 2 ;;
      *) echo "gpu-check run: unknown option $1" >&2; exit 2 ;;
    esac
  done
  out="${out:-$(mktemp -d)}"
  mkdir -p "$out"
  local work
  work=$(mktemp -d)
  tar -C "$work" -xJf "$kit/kit.tar.xz"
  [ -n "$libtorch" ] ||
    libtorch=$("$python" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  export LD_LIBRARY_PATH="$libtorch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export NEGSAMPLING_DATA="$work/data" DOTNET_CLI_TELEMETRY_OPTOUT=1
  local app="$work/app/GpuCheck"
  local torch_version
  torch_version=$("$python" -c 'import torch; print(torch.__version__)')
  log "device $device; libtorch from $libtorch; python torch $torch_version"
  local route=A
  if ! "$app" cli info >"$out/info.txt" 2>&1 ||
    { [ "$device" = cuda ] && ! grep -q "CUDA available:  yes" "$out/info.txt"; }; then
    log "route A failed: $(head -c 600 "$out/info.txt" | tr '\n' ' ')"
    route=B
    local built
    built=$(build_native "$python" "$out") || { log "route B failed: see route-b.log"; exit 1; }
    cp "$built" "$work/app/libLibTorchSharp.so"
    "$app" cli info >"$out/info.txt" 2>&1 || { log "route B built, but: $(head -c 600 "$out/info.txt")"; exit 1; }
  fi
  log "route $route: $(tr '\n' ' ' <"$out/info.txt")"
  cd "$root"
  "$app" tests Cuda Layers | tee "$out/tests.txt" | tail -1
  "$app" cli train --config configs/smoke.json --set device="$device" --set outputDir="$work/smoke" \
    --set corpusCache="$work/cache" --set keepCheckpoints=1 | tail -1
  local faithful fast reference
  faithful=$("$app" cli bench train --config configs/ptb-cbow.json --steps 300 --set device="$device" --json)
  fast=$("$app" cli bench train --config configs/ptb-cbow-fast.json --set epochs=1 --set device="$device" --json)
  reference=$("$python" reference/word2vec_reference.py train --data "$work/data" --device "$device" --epochs 1 \
    --max-steps 300 --threads 1 --out-vectors "$work/torch.txt" --out-loss "$work/torch-loss.csv")
  echo "$faithful" >"$out/faithful.json"; echo "$fast" >"$out/fast.json"; echo "$reference" >"$out/reference.json"
  local text8 limit=() size=17000000
  [ "$tokens" -gt 0 ] && limit=(--set maxTokens="$tokens") && size="$tokens"
  text8=$("$python" -c "import sys; sys.path.insert(0, 'bench'); import compare; print(compare.zipf_corpus($size))")
  for corpus in ptb text8; do
    local path="$work/data/ptb/ptb.train.txt" min=1
    [ "$corpus" = text8 ] && path="$text8" && min=5
    peak_gpu "$out/batched-cbow-$corpus.gpu" "$app" cli bench train --config configs/ptb-cbow-batched.json \
      --set epochs=1 --set corpus="$path" --set minCount="$min" --set device="$device" "${limit[@]}" --json \
      >"$out/batched-cbow-$corpus.json"
    peak_gpu "$out/reference-batched-cbow-$corpus.gpu" "$python" reference/word2vec_reference.py batched \
      --corpus "$path" --device "$device" --tokens "$tokens" --batch 16384 --dynamic-window \
      --word2vec-context-update --out-loss "$work/reference-cbow-$corpus-loss.csv" \
      >"$out/reference-batched-cbow-$corpus.json"
  done
  # Skip-gram with row-wise Adagrad on PTB, both sides with the reference's pairs (a centre, a context, K negatives).
  local ptb="$work/data/ptb/ptb.train.txt"
  peak_gpu "$out/batched-skipgram-ptb.gpu" "$app" cli bench train --config configs/ptb-skipgram-batched.json \
    --set epochs=1 --set corpus="$ptb" --set skipGramNegatives=perPair --set device="$device" "${limit[@]}" --json \
    >"$out/batched-skipgram-ptb.json"
  peak_gpu "$out/reference-batched-skipgram-ptb.gpu" "$python" reference/word2vec_reference.py batched \
    --corpus "$ptb" --device "$device" --tokens "$tokens" --batch 16384 --dynamic-window --model skipgram \
    --adagrad --alpha 0.15 --out-loss "$work/reference-skipgram-ptb-loss.csv" \
    >"$out/reference-batched-skipgram-ptb.json"
  "$python" - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
for run in ("cbow-ptb", "cbow-text8", "skipgram-ptb"):
    ours, theirs = (json.load(open(f"{out}/{n}-{run}.json")) for n in ("batched", "reference-batched"))
    peaks = [open(f"{out}/{n}-{run}.gpu").read().strip() for n in ("batched", "reference-batched")
             if os.path.exists(f"{out}/{n}-{run}.gpu")]
    model, corpus = run.split("-")
    print(f"batched step, {model} epoch on {corpus}: ours {ours['wordsPerSecond']:,.0f} words/s, PyTorch "
          f"{theirs['torch']} {theirs['wordsPerSecond']:,.0f} words/s" +
          (f"; peak GPU memory {peaks[0]} / {peaks[1]} MiB" if len(peaks) == 2 else ""))
faithful, fast, reference = (json.load(open(f"{out}/{n}.json")) for n in ("faithful", "fast", "reference"))
print(f"faithful step (CBOW, Adam, batch 100): {faithful['msPerStepMedian']:.2f} ms/step "
      f"(median of {faithful['steps']})")
print(f"PyTorch {reference['torch']} reference, same step on {reference['device']}: "
      f"{reference['msPerStepMedian']:.2f} ms/step")
print(f"fast mode, one PTB epoch: {fast['wordsPerSecond']:,.0f} words/s ({fast['seconds']:.1f} s)")
PY
  log "logs in $out; route $route"
}

# Runs a command; with nvidia-smi there, writes the GPU's peak memory in use while it ran (MiB) to the file $1.
peak_gpu() {
  local file="$1" sampler=""
  shift
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 >"$file.samples" &
    sampler=$!
  fi
  "$@"
  if [ -n "$sampler" ]; then
    kill "$sampler"
    sort -n "$file.samples" | tail -1 >"$file"
  fi
}

# Here: the kit from a clean directory, with a dotnet on the PATH that fails if called, on the CPU.
dry_run() {
  [ -f "$kit/kit.tar.xz" ] || pack
  local stub libtorch
  stub=$(mktemp -d)
  printf '#!/bin/sh\necho "the kit called dotnet" >&2\nexit 97\n' >"$stub/dotnet" && chmod +x "$stub/dotnet"
  libtorch=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/libtorch-cpu-linux-x64" -name libtorch_cpu.so \
    -printf '%h\n' | head -1)
  env -u DOTNET_ROOT PATH="$stub:/usr/bin:/bin" bash "$root/scripts/gpu-check.sh" run --device cpu \
    --libtorch "$libtorch" --python /usr/bin/python3 --tokens 100000
}

case "${1:-}" in
  pack) shift; pack "$@" ;;
  run) shift; run "$@" ;;
  dry-run) dry_run ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
