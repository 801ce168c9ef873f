#!/usr/bin/env bash
# The runs behind "The goal generator on all three populations" in docs/reports/H1_generators.md:
# carb-conditioned.separation.geometry at budget 400 × 10 seeds, the harness with real answers and then
# fib calibrate at the same configuration, for the sim ladder, the default zoo and the neural zoo with
# the specialists. Writes run dirs under $OUT (default /tmp/fib-h1-goal). About 25 min of calibration
# per population on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-/tmp/fib-h1-goal}
CARB=data/static/carb_2000_seed42.jsonl
LADDER="sim:expert?counterfactual_weakness=0,sim:expert?counterfactual_weakness=1.5,sim:expert?counterfactual_weakness=3,sim:expert?counterfactual_weakness=6"
NEURAL="zoo:micro,zoo:tiny,zoo:small,zoo:spec-nochain,zoo:spec-nosyllogism,zoo:spec-nocounterfactual,zoo:spec-shallow"
fib() { node scripts/fib.mjs "$@"; }
for pop in ladder zoo neural; do
  case $pop in ladder) M=(--models "$LADDER");; zoo) M=();; neural) M=(--models "$NEURAL");; esac
  common=(--slice "carb=$CARB" --budget 400 --n-seeds 10 --n-boot 1000 "${M[@]}" --generator carb-conditioned.separation.geometry --reports-dir "$OUT" --no-cache)
  fib harness "${common[@]}" --induce --label "${pop}_goal" >/dev/null
  fib calibrate "${common[@]}" --reps 100 --h2-reps 0 --difficulty structure --label "cal_${pop}_goal" >/dev/null
  echo "$pop done"
done
