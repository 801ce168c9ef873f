#!/usr/bin/env bash
# Retrain fib's neural zoo from scratch (CPU; about 30 minutes on 2 cores) and write data/models.
# The specialists (≈ 3 min each on one thread): train-zoo.sh --only spec-nochain --only spec-nosyllogism
#   --only spec-nocounterfactual --only spec-shallow
# Needs Debian's python3-torch (apt-get install python3-torch). CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=${ZOO_WORK:-/tmp/fib-zoo}
run() { node --conditions=@fib/source --import tsx "$@"; }
run packages/llama/scripts/export-data.ts "$work" 60000 8000
/usr/bin/python3 packages/llama/scripts/train_zoo.py --data "$work" --out "$work/out" "$@"
run packages/llama/scripts/write-zoo.ts "$work/out" data/models
