#!/usr/bin/env bash
# The main job: builds the agent and the samples if needed, then runs the QuickStart training program with
# -javaagent, logging to ./mlflow.db (MLflow 3's default store) in the directory you run this from.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT="$ROOT/agent/target/mlflow-agent.jar"
SAMPLES="$ROOT/samples/quickstart/target/classes"
CORE="$ROOT/core/target/classes"
stale() {
  [[ ! -f "$AGENT" || ! -d "$SAMPLES" ]] && return 0
  [[ -n "$(find "$ROOT/core/src" "$ROOT/agent/src" "$ROOT/samples/quickstart/src" "$ROOT"/*/pom.xml "$ROOT/pom.xml" \
      -newer "$AGENT" -type f -print -quit 2>/dev/null)" ]]
}
if stale; then
  echo "[sample] building the agent and the samples (first time: a few minutes for Maven downloads)"
  (cd "$ROOT" && mvn -q -B -ntp package -DskipTests -pl agent,samples/quickstart -am)
fi
echo "[sample] java -javaagent:$AGENT io.jmlflow.samples.QuickStart (working directory: $PWD)"
java -javaagent:"$AGENT" -cp "$SAMPLES" io.jmlflow.samples.QuickStart "$@"
echo "[sample] runs are in $PWD/mlflow.db (artifacts and models in $PWD/mlruns)."
if [[ -x "$ROOT/.venv/bin/mlflow" ]]; then
  echo "[sample] view them: $ROOT/.venv/bin/mlflow ui   (run it here, then open http://127.0.0.1:5000)"
else
  echo "[sample] view them: pip install mlflow==3.17.2 && mlflow ui   (run it here, then open http://127.0.0.1:5000)"
fi
