#!/usr/bin/env bash
# Items per second of one GGUF file three ways, on the same CARB items, answers not cached:
#   zoo:NAME (in process, the zoo's prompt), gguf:FILE (in process, the same prompt) at concurrency 1
#   and 4 (items as parallel sequences of one context, batched by llama.cpp), and the same file
#   served by llama-server through the openai: adapter (completions + logprobs, 4 requests in flight).
# Usage: scripts/gguf-throughput.sh [NAME=small] [N=1000] [LLAMA_SERVER=path/to/llama-server]
# Without a llama-server binary the server row is skipped. Build one from the llama.cpp source that
# node-llama-cpp bundles (see docs/reports/H1_neural.md, "The same model through llama-server").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-small}
n=${2:-1000}
server=${3:-${LLAMA_SERVER:-}}
file="$root/data/models/zoo-$name.gguf"
work=$(mktemp -d)
trap 'kill "${spid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
node "$root/scripts/fib.mjs" build-carb --n "$n" --seed 42 --out "$work/items.jsonl" >/dev/null
prompt='%7Bx%7D%20Answer%3A' # "{x} Answer:", the zoo's prompt
run() { # label, spec
  local t0 t1 acc
  t0=$(date +%s.%N)
  acc=$(node "$root/scripts/fib.mjs" eval-static --dataset "$work/items.jsonl" --no-cache --n-boot 50 --models "$2" --reports-dir "$work/runs" --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const r=JSON.parse(s);console.log(Object.values(r.accuracy_by_model)[0].toFixed(3), "errors", r.n_errors)})')
  t1=$(date +%s.%N)
  printf '%-52s %6.1f s  %7.1f items/s  accuracy %s\n' "$1" "$(echo "$t1 - $t0" | bc)" "$(echo "$n / ($t1 - $t0)" | bc -l)" "$acc"
}
echo "zoo-$name.gguf, $n CARB items, load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores (wall time with start-up)"
run "zoo:$name" "zoo:$name"
run "gguf: (same file, same prompt)" "gguf:$file?prompt_template=$prompt"
run "gguf: concurrency=4 (sequences batched)" "gguf:$file?prompt_template=$prompt&concurrency=4"
if [ -n "$server" ]; then
  port=$((20000 + RANDOM % 20000))
  "$server" -m "$file" --port "$port" --alias "zoo-$name" -t 1 -c 512 -np 4 >"$work/server.log" 2>&1 &
  spid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null && break; sleep 0.2; done
  run "llama-server -t 1 -np 4, openai: (4 in flight)" "openai:zoo-$name?base_url=http://127.0.0.1:$port/v1&endpoint=completions&prompt_template=$prompt&scoring=logprob&top_logprobs=20&concurrency=4"
fi
