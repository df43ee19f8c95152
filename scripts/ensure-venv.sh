#!/usr/bin/env bash
# Creates (or reuses) the project-local Python venv with the pinned MLflow.
# Prints the venv's python path on stdout; progress goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MLFLOW_JAVA_VENV:-$ROOT/.venv}"
REQ="$ROOT/scripts/python-requirements.txt"
STAMP="$VENV/.requirements.sha"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "$VENV/bin/python"; exit 0
fi
echo "[setup] creating Python venv with $(grep -v '^#' "$REQ" | tr '\n' ' ') in $VENV (about a minute)" >&2
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
echo "$want" > "$STAMP"
echo "$VENV/bin/python"
