package io.jmlflow.bench;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Points per second through the async logger into each store, side by side in one run with the Python MLflow
 * client against the same server and the same kind of SQLite store. Prints a table with ratios.
 *
 * <p>Arguments: {@code [javaPoints] [pythonPerCallPoints] [pythonBatchPoints]} (defaults 1,000,000 / 1,000 / 100,000).
 */
public final class ThroughputBenchmark {
    record Row(String what, long points, double seconds, List<String> comparedWith) {
        double rate() { return points / seconds; }
    }

    public static void main(String[] args) throws Exception {
        long javaPoints = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int pyPerCall = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int pyBatch = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path dir = Files.createTempDirectory("jmlflow-bench");
        List<Row> rows = new ArrayList<>();
        System.out.println("[bench] temp dir " + dir);
        System.setProperty("mlflow.async.max.pending", "2000000");
        // Time until every point is written: flush must wait for it, not give up at its usual bound.
        System.setProperty("mlflow.flush.timeout.ms", "1800000");

        double[] enqueueNs = new double[1];
        rows.add(java("Java async logger -> file store", "file://" + dir.resolve("mlruns"), javaPoints, enqueueNs));
        double fileEnqueue = enqueueNs[0];
        rows.add(java("Java async logger -> SQLite store", "sqlite:///" + dir.resolve("java.db"), javaPoints, enqueueNs));

        MlflowServer server = MlflowServer.start(dir.resolve("server"), false);
        try {
            rows.add(java("Java async logger -> MLflow server", server.uri(), javaPoints, enqueueNs));
            rows.add(python("Python log_metric per call -> MLflow server", server.uri(), dir, pyPerCall, false));
            rows.add(python("Python log_batch(1000) -> MLflow server", server.uri(), dir, pyBatch, true));
        } finally {
            server.close();
        }
        rows.add(python("Python log_batch(1000) -> SQLite store", "sqlite:///" + dir.resolve("py.db"), dir, pyBatch, true));

        System.out.println();
        System.out.println("| what | points | seconds | points/s | compared with |");
        System.out.println("|---|---:|---:|---:|---|");
        for (Row r : rows) {
            List<String> cmps = new ArrayList<>();
            for (String c : r.comparedWith()) {
                rows.stream().filter(x -> x.what().equals(c)).findFirst().ifPresent(base ->
                        cmps.add(String.format(Locale.ROOT, "%.1fx %s", r.rate() / base.rate(), base.what())));
            }
            String cmp = String.join("; ", cmps);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s |%n", r.what(), r.points(), r.seconds(),
                    r.rate(), cmp);
        }
        System.out.printf(Locale.ROOT, "| logMetric on the training thread (enqueue), mean | | | %.0f ns/call | target < 1000 ns |%n",
                fileEnqueue);
        System.exit(0);
    }

    private static final java.util.Map<String, List<String>> COMPARE = java.util.Map.of(
            "Java async logger -> MLflow server", List.of("Python log_metric per call -> MLflow server",
                    "Python log_batch(1000) -> MLflow server"),
            "Java async logger -> SQLite store", List.of("Python log_batch(1000) -> SQLite store"),
            "Java async logger -> file store", List.of());

    static Row java(String what, String uri, long points, double[] enqueueNsOut) {
        Mlflow.setTrackingUri(uri);
        long start = System.nanoTime();
        long enqueueNanos;
        try (ActiveRun run = Mlflow.startRun("bench")) {
            String[] keys = new String[10];
            for (int k = 0; k < keys.length; k++) keys[k] = "m" + k;
            long t0 = System.nanoTime();
            long ts = System.currentTimeMillis();
            for (long i = 0; i < points; i++) {
                run.logMetric(keys[(int) (i % 10)], i, i / 10, ts);
            }
            enqueueNanos = System.nanoTime() - t0;
            if (!Mlflow.flush()) throw new IllegalStateException("flush did not complete for " + what);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        enqueueNsOut[0] = (double) enqueueNanos / points;
        return new Row(what, points, seconds, COMPARE.get(what));
    }

    static Row python(String what, String uri, Path dir, int points, boolean batch) {
        String script = String.join("\n",
                "import time, mlflow",
                "from mlflow import MlflowClient",
                "from mlflow.entities import Metric",
                "c = MlflowClient()",
                "run = c.create_run('0')",
                "rid = run.info.run_id",
                "n = " + points,
                "ts = int(time.time() * 1000)",
                "t0 = time.perf_counter()",
                batch ? String.join("\n",
                        "for start in range(0, n, 1000):",
                        "    c.log_batch(rid, metrics=[Metric('m%d' % (i % 10), float(i), ts, i // 10) for i in range(start, min(n, start + 1000))])")
                        : String.join("\n",
                        "for i in range(n):",
                        "    c.log_metric(rid, 'm%d' % (i % 10), float(i), timestamp=ts, step=i // 10)"),
                "print(time.perf_counter() - t0)");
        String out = PythonMlflow.run(uri, dir, script).trim();
        double seconds = Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1).trim());
        return new Row(what, points, seconds, List.of());
    }
}
