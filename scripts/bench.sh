#!/usr/bin/env bash
# The benchmark table, in one command from a clean clone: builds what it needs (core, agent jar, bench module, the
# Smile, Tribuo, DL4J and XGBoost end-to-end modules, which hold the benchmark programs, with the samples they use,
# and the Spark sample, whose cross-validation is a process line), then
# prints one line per measurement with what it is compared with, as a ratio.
#
#   scripts/bench.sh                   full table (about 7 minutes on a quiet 2-core machine, plus 25 for the process
#                                      lines and the build)
#   scripts/bench.sh --quick           fewer rounds and points (about 3 minutes, plus 11 for the process lines); noisier
#   scripts/bench.sh [--quick] --only enqueue,advice,throughput,teamserver,startup,smile,dl4j,process   some lines only
#                                      (teamserver: PostgreSQL + MLflow with 4 workers, 1-8 Java JVMs vs Python
#                                      log_batch processes; TEAMSERVER_POINTS=N per client, default 100,000)
#   scripts/bench.sh --explain [forest600,forest20k,cv,tribuo,dl4j,xgboost,sparkcv,loop]   where the process lines' time goes: classes
#                                       loaded by package and CPU by thread, with vs without the agent; a JFR profile
#   scripts/bench.sh --soak <minutes> [points/s]   logs continuously and prints heap use over time (not for CI)
#   scripts/bench.sh --throughput [javaPoints] [pyPerCall] [pyBatch]   only the throughput comparison
#
# JM_TARGET=target-<name> builds into another output folder (parallel builds in one tree); SKIP_BUILD=1 reuses it.
# PROCESS_PROGRAMS=forest600,cv,... limits the process lines to those programs (keys as for --explain).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
T="${JM_TARGET:-target}"
PY="$(bash scripts/ensure-venv.sh)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[bench] building core, agent, bench and the Smile/Tribuo/DL4J/XGBoost e2e modules into */$T (tests skipped) ..." >&2
  mvn -q -B -ntp -Djm.target="$T" package dependency:build-classpath -DskipTests \
    -pl bench,agent,integrations/smile/e2e,integrations/tribuo/e2e,integrations/dl4j/e2e,integrations/xgboost/e2e,samples/spark -am \
    -Dmdep.outputFile="$T/bench-classpath.txt" -Dmdep.includeScope=runtime
fi
CP="bench/$T/classes:$(cat "bench/$T/bench-classpath.txt")"
JAVA=(java -Xmx2g -Dmlflow.python="$PY" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP")

case "${1:-}" in
  --soak)
    shift
    exec "${JAVA[@]}" -Xmx512m io.jmlflow.bench.Soak "${1:?minutes}" "${2:-100000}" ;;
  --throughput)
    shift
    exec "${JAVA[@]}" io.jmlflow.bench.ThroughputBenchmark "$@" ;;
esac
exec "${JAVA[@]}" \
  -Dbench.agent.jar="agent/$T/mlflow-agent.jar" -Dbench.agent.target="agent/$T" \
  -Dbench.smile.target="integrations/smile/e2e/$T" -Dbench.tribuo.target="integrations/tribuo/e2e/$T" \
  -Dbench.dl4j.target="integrations/dl4j/e2e/$T" -Dbench.xgboost.target="integrations/xgboost/e2e/$T" \
  -Dbench.spark.target="samples/spark/$T" \
  ${PROCESS_PROGRAMS:+-Dbench.process.programs="$PROCESS_PROGRAMS"} \
  -Dbench.spark.opens="$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)" \
  io.jmlflow.bench.BenchTable "$@"
