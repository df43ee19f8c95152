#!/usr/bin/env bash
# Regenerates the SQLite schema that SqliteStore gives a new database, from the MLflow pinned in
# scripts/python-requirements.txt. Run it after bumping the pin and check in the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="$(bash "$ROOT/scripts/ensure-venv.sh")"
OUT="$ROOT/core/src/main/resources/io/jmlflow/internal/store/sqlite"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
MLFLOW_DISABLE_TELEMETRY=true GIT_PYTHON_REFRESH=quiet "$PYTHON" "$ROOT/scripts/gen_sqlite_schema.py" "$OUT"
