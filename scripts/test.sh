#!/usr/bin/env bash
# Runs the whole test suite: sets up what the tests need (Python venv with the pinned MLflow; a JDK 25 for
# Smile 6 where a module needs it; Debian's Chromium for the README's screenshots), then `mvn verify` over every
# module. Tests that need the real MLflow start it themselves (a server on 127.0.0.1 on a free port). Extra
# arguments go to Maven.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$(bash scripts/ensure-venv.sh)"
echo "[test] MLflow: $("$PY" -c 'import mlflow; print(mlflow.__version__)') ($PY)"
JDK25="$(bash scripts/ensure-jdk25.sh)"
echo "[test] JDK 25: $JDK25"
CHROMIUM="$(bash scripts/ensure-chromium.sh)"
echo "[test] Chromium: $("$CHROMIUM" --version 2>/dev/null)"
export MLFLOW_DISABLE_TELEMETRY=true
exec mvn -B -ntp verify -Dmlflow.python="$PY" -Djdk25.home="$JDK25" "$@"
