# Sourced (not run) by mlflow-ui.sh and ui-screenshots.sh: start and stop the pinned MLflow's `mlflow ui` or
# `mlflow server` on 127.0.0.1. Needs VENV (the project's venv, from ensure-venv.sh).

# Prints $1 when that port is free on 127.0.0.1, else a free port the system picks.
free_port() {
  "$VENV/bin/python" - "${1:-0}" <<'PY'
import socket, sys
for port in (int(sys.argv[1]), 0):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(s.getsockname()[1]); break
    except OSError:
        pass
    finally:
        s.close()
PY
}

# start_mlflow ui|server STORE_URI PORT LOG: starts it in a session of its own (so that stopping it ends its
# workers too), waits until /health answers; sets MLFLOW_PID. Fails, with the end of LOG, if it does not come up.
start_mlflow() {
  local command="$1" store="$2" port="$3" log="$4"
  MLFLOW_DISABLE_TELEMETRY="${MLFLOW_DISABLE_TELEMETRY:-true}" MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
    setsid "$VENV/bin/mlflow" "$command" --backend-store-uri "$store" --host 127.0.0.1 --port "$port" --workers 1 \
    > "$log" 2>&1 &
  MLFLOW_PID=$!
  local i
  for ((i = 0; i < 240; i++)); do
    if ! kill -0 "$MLFLOW_PID" 2>/dev/null; then
      echo "[mlflow] ERROR: mlflow $command stopped at start:" >&2; tail -n 20 "$log" >&2; return 1
    fi
    "$VENV/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/health', timeout=2)" \
      2>/dev/null && return 0
    sleep 0.5
  done
  echo "[mlflow] ERROR: mlflow $command did not answer on port $port within 120 s:" >&2; tail -n 20 "$log" >&2
  stop_mlflow; return 1
}

# Ends the server's whole process group: TERM, then KILL after 15 s.
stop_mlflow() {
  [[ -n "${MLFLOW_PID:-}" ]] || return 0
  kill -TERM -- "-$MLFLOW_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do kill -0 -- "-$MLFLOW_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$MLFLOW_PID" 2>/dev/null || true
  wait "$MLFLOW_PID" 2>/dev/null || true
  MLFLOW_PID=""
}

# The store the agent logged to from the current folder, as it decides: MLFLOW_TRACKING_URI, else ./mlruns when
# it holds file-store experiments, else ./mlflow.db.
sample_store() {
  if [[ -n "${MLFLOW_TRACKING_URI:-}" ]]; then echo "$MLFLOW_TRACKING_URI"
  elif compgen -G "mlruns/[0-9]*/meta.yaml" >/dev/null; then echo "file:./mlruns"
  else echo "sqlite:///mlflow.db"; fi
}
