#!/usr/bin/env bash
# Remakes the README's screenshots of the real MLflow UI: runs the main job (the smile sample under the agent) in a
# scratch folder, serves that folder's ./mlflow.db with the pinned `mlflow server` on 127.0.0.1, and has headless
# Chromium (Debian's, scripts/ensure-chromium.sh) open the run's overview, its artifacts with a plot, and its
# logged model (scripts/ui_screenshots.py). Needs no display.
#
#   bash scripts/ui-screenshots.sh [out-dir]     (default: docs/images)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/docs/images}" && cd "${1:-$ROOT/docs/images}" && pwd)"
PY="$(bash "$ROOT/scripts/ensure-venv.sh")"
VENV="$(dirname "$(dirname "$PY")")"
export CHROMIUM="$(bash "$ROOT/scripts/ensure-chromium.sh")" CHROMEDRIVER=/usr/bin/chromedriver
source "$ROOT/scripts/mlflow-server.sh"

WORK="$(mktemp -d -t jmlflow-screenshots.XXXXXX)"
trap 'stop_mlflow; rm -rf "$WORK"' EXIT
cd "$WORK"
env -u MLFLOW_TRACKING_URI -u MLFLOW_EXPERIMENT_NAME -u MLFLOW_EXPERIMENT_ID bash "$ROOT/scripts/run-sample.sh"
PORT="$(free_port 0)"
start_mlflow server "sqlite:///$WORK/mlflow.db" "$PORT" "$WORK/server.log"
PYTHONPATH="$ROOT/scripts" "$PY" "$ROOT/scripts/ui_screenshots.py" "http://127.0.0.1:$PORT" "$OUT"
