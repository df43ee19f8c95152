#!/usr/bin/env bash
# `bash scripts/run-sample.sh --ui [port]`: starts `mlflow ui` from the project's pinned venv (created by
# ensure-venv.sh when missing) on 127.0.0.1 for the runs in the current folder (./mlflow.db, as the agent
# logged them), and prints the address of the latest run. Runs the smile sample first when there is no run yet.
# Port 5000 (MLflow's) or the one given; another free one when it is taken. Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$(bash "$ROOT/scripts/ensure-venv.sh")"
VENV="$(dirname "$(dirname "$PY")")"
source "$ROOT/scripts/mlflow-server.sh"

STORE="$(sample_store)"
case "$STORE" in
  http:*|https:*) echo "[ui] the runs went to the tracking server $STORE: open it in a browser"; exit 0 ;;
  file:*) export MLFLOW_ALLOW_FILE_STORE=true ;;
esac
if [[ "$STORE" == "sqlite:///mlflow.db" && ! -f mlflow.db ]]; then
  echo "[ui] no ./mlflow.db here yet: running the sample first"
  bash "$ROOT/scripts/run-sample.sh"
fi
PORT="$(free_port "${1:-5000}")"
LOG="$(mktemp -t jmlflow-mlflow-ui.XXXXXX.log)"
trap 'stop_mlflow; rm -f "$LOG"' EXIT
trap 'exit 130' INT TERM
echo "[ui] $VENV/bin/mlflow ui --backend-store-uri $STORE --host 127.0.0.1 --port $PORT"
start_mlflow ui "$STORE" "$PORT" "$LOG"
if URL="$("$PY" "$ROOT/scripts/ui_routes.py" "http://127.0.0.1:$PORT" 2>/dev/null)"; then
  echo "[ui] the latest run: $URL"
else
  echo "[ui] no run in $STORE yet: http://127.0.0.1:$PORT"
fi
echo "[ui] serving $STORE from $PWD until Ctrl-C (log: $LOG)"
wait "$MLFLOW_PID"
