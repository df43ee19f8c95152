#!/usr/bin/env bash
# Prints the benchmark table: async logger throughput into each store, side by side with the Python MLflow
# client against the same server and the same kind of SQLite store, in one run.
# Arguments: [javaPoints] [pythonPerCallPoints] [pythonBatchPoints]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$(bash scripts/ensure-venv.sh)"
mvn -q -B -ntp package dependency:build-classpath -DskipTests -pl bench -am -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=runtime
CP="$(cat bench/target/classpath.txt)"
exec java -Xmx2g -Dmlflow.python="$PY" -cp "bench/target/classes:$CP" io.jmlflow.bench.ThroughputBenchmark "$@"
