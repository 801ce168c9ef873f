#!/usr/bin/env bash
# The runs behind docs/reports/H1_generators.md: three allocations of G × three populations, each a
# 10-seed harness at budget 200 with the credit ladder (blind, unstructured, static), then fib calibrate
# for each population with the information allocation. Writes run dirs under $OUT (default
# /tmp/fib-h1-generators); the numbers in the report are read from their JSON.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-/tmp/fib-h1-generators}
CARB=data/static/carb_2000_seed42.jsonl
LADDER="sim:expert?counterfactual_weakness=0,sim:expert?counterfactual_weakness=1.5,sim:expert?counterfactual_weakness=3,sim:expert?counterfactual_weakness=6"
ZOO=""   # the default zoo: no --models
NEURAL="zoo:micro,zoo:tiny,zoo:small,zoo:spec-nochain,zoo:spec-nosyllogism,zoo:spec-nocounterfactual,zoo:spec-shallow"
fib() { node scripts/fib.mjs "$@"; }
models() { if [ -n "$1" ]; then echo "--models $1"; fi; }
for pop in ladder zoo neural; do
  case $pop in ladder) M=$LADDER;; zoo) M=$ZOO;; neural) M=$NEURAL;; esac
  for gen in carb-conditioned carb-conditioned.disagreement carb-conditioned.information; do
    # shellcheck disable=SC2046
    fib harness --slice carb=$CARB --budget 200 --n-seeds 10 --n-boot 1000 --induce $(models "$M") --generator $gen --reports-dir "$OUT" --label "${pop}_${gen}" --no-cache >/dev/null
    echo "harness $pop $gen done"
  done
done
for pop in ladder neural zoo; do
  case $pop in ladder) M=$LADDER;; zoo) M=$ZOO;; neural) M=$NEURAL;; esac
  # shellcheck disable=SC2046
  fib calibrate --slice carb=$CARB --budget 200 --n-seeds 10 --n-boot 1000 $(models "$M") --generator carb-conditioned.information --reps 100 --h2-reps 0 --reports-dir "$OUT" --label "cal_${pop}" --no-cache >/dev/null
  echo "calibrate $pop done"
done
