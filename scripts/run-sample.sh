#!/usr/bin/env bash
# The main job: builds the agent and a sample if needed, then runs the sample with -javaagent in the directory you
# run this from, logging to ./mlflow.db (MLflow 3's default store; artifacts and models in ./mlruns).
#
#   bash scripts/run-sample.sh [smile|tribuo|dl4j|xgboost|annotations] [program arguments]
#   bash scripts/run-sample.sh --ui [port]
#
#   smile        (default) samples/smile BlobsRandomForest: a plain Smile random forest, no MLflow code
#   tribuo       samples/tribuo TribuoSample: four plain Tribuo trainings, no MLflow code
#   dl4j         samples/dl4j IrisClassifier: a plain DL4J network, no MLflow code
#   xgboost      samples/xgboost CreditDefault: plain XGBoost4J boosted trees with early stopping, no MLflow code
#   annotations  samples/quickstart QuickStart: a hand-written training with @TrackRun/@LogParam/@LogMetric
#   --ui         starts `mlflow ui` from the project's venv (scripts/ensure-venv.sh) on 127.0.0.1 for ./mlflow.db
#                (runs the smile sample first when there is no run yet) and prints the URL of the latest run
#
# JM_TARGET=<folder> reads the build from that folder instead of target/ (as -Djm.target=...);
# JMLFLOW_SAMPLE_BUILD=never uses what is built and fails when something is missing (the tests set it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
T="${JM_TARGET:-target}"
AGENT="$ROOT/agent/$T/mlflow-agent.jar"

sample="smile"
case "${1:-}" in
  smile|tribuo|dl4j|xgboost|annotations) sample="$1"; shift ;;
  --ui) shift; exec bash "$ROOT/scripts/mlflow-ui.sh" "$@" ;;
  -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  ""|[0-9]*) ;;
  *) echo "[sample] unknown sample '$1': smile (the default), tribuo, dl4j, xgboost, annotations, or --ui (see --help)" >&2; exit 2 ;;
esac
case "$sample" in
  smile)       module=samples/smile;      main=io.jmlflow.samples.smile.BlobsRandomForest ;;
  tribuo)      module=samples/tribuo;     main=io.jmlflow.samples.tribuo.TribuoSample ;;
  dl4j)        module=samples/dl4j;       main=io.jmlflow.samples.dl4j.IrisClassifier ;;
  xgboost)     module=samples/xgboost;    main=io.jmlflow.samples.xgboost.CreditDefault ;;
  annotations) module=samples/quickstart; main=io.jmlflow.samples.QuickStart ;;
esac
CLASSES="$ROOT/$module/$T/classes"
# The program's own class path as Maven wrote it down, without jmlflow's jars: the agent brings those.
# (QuickStart needs no library: the annotations it uses come with the agent.)
DEPS="$ROOT/$module/$T/runtime-classpath.txt"
[[ "$sample" == annotations ]] && DEPS=/dev/null
STAMP="$ROOT/$module/$T/run-sample.stamp"

stale() {
  [[ -f "$AGENT" && -d "$CLASSES" && -e "$DEPS" && -f "$STAMP" ]] || return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/{core,agent,integrations,samples} \( -path '*/src/main/*' -o -name pom.xml \) \
      -newer "$STAMP" -type f -not -path "*/$T/*" -print -quit 2>/dev/null)" ]]
}
if [[ "${JMLFLOW_SAMPLE_BUILD:-}" != never ]] && stale; then
  echo "[sample] building the agent and $module (first time: a few minutes, most of it Maven downloads)"
  (cd "$ROOT" && mvn -q -B -ntp -Dstyle.color=never package -DskipTests -Djm.target="$T" -pl "agent,$module" -am)
  touch "$STAMP"
fi
for f in "$AGENT" "$CLASSES" "$DEPS"; do
  [[ -e "$f" ]] || { echo "[sample] ERROR: $f is missing (build: mvn package -DskipTests -pl agent,$module -am)" >&2; exit 1; }
done
CP="$CLASSES"
IFS=":" read -r -a entries < "$DEPS" || true  # no newline at the end: read says 1
for e in "${entries[@]}"; do
  [[ -z "$e" || "$(basename "$e")" == jmlflow-* ]] || CP="$CP:$e"
done

SHOWN="$AGENT"; [[ "$PWD" == "$ROOT" ]] && SHOWN="${AGENT#"$ROOT"/}"
what="no MLflow code in it"; [[ "$sample" == annotations ]] && what="MLflow annotations, no MLflow calls"
echo "[sample] java -javaagent:$SHOWN $main   ($what; logging from $PWD)"
# Smile, DL4J and XGBoost4J log through SLF4J or commons-logging and the samples ship no binding: SLF4J's notice about that is not ours to show.
java -javaagent:"$AGENT" -Dslf4j.internal.verbosity=ERROR -cp "$CP" "$main" "$@"
SELF="$ROOT/scripts/run-sample.sh"; [[ "$PWD" == "$ROOT" ]] && SELF="scripts/run-sample.sh"
case "${MLFLOW_TRACKING_URI:-}" in
  http:*|https:*) ;;
  *) echo "[sample] open it in the MLflow UI (the project's pinned MLflow, nothing to install): bash $SELF --ui" ;;
esac
