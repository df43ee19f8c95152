package io.jmlflow.bench;

import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.TeamServer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many clients at once against a team's tracking server ({@link TeamServer}: MLflow's server with 4 workers on
 * PostgreSQL): 1, 2, 4 and 8 client processes start together (each creates its run, then all wait for one go) and
 * each logs the same number of metric points; Python processes use {@code MlflowClient.log_batch} with 1,000 points a
 * call, Java processes the async logger ({@link TeamClientProgram}, parallel batches at their default). The aggregate
 * rate is all points over the time from the go to the last client's end. Python runs first at each count, so the
 * Java clients, not Python's, pay for the larger database.
 */
final class TeamServerBenchmark {
    /** One measurement: how many clients of which kind, all points and the time they took together. */
    record Result(String client, int processes, long points, double seconds) {
        double rate() {
            return points / seconds;
        }
    }

    private static final int[] CLIENTS = {1, 2, 4, 8};
    private final String java;
    private final Path dir;
    private final Path logs;
    private final long pointsPerClient;

    TeamServerBenchmark(String java, Path tmp, Path logs, long pointsPerClient) throws IOException {
        this.java = java;
        this.dir = Files.createDirectories(tmp.resolve("teamserver"));
        this.logs = logs;
        this.pointsPerClient = pointsPerClient;
    }

    /** Runs every count of clients, both kinds, and a single JVM with one request at a time; returns them in order. */
    Map<String, Result> run() throws Exception {
        Map<String, Result> out = new LinkedHashMap<>();
        MlflowServer server = TeamServer.privateProxied("bench");
        try {
            PythonMlflow.run(server.uri(), dir, "import mlflow\nmlflow.MlflowClient().create_experiment('team-bench')");
            for (int n : CLIENTS) {
                out.put("python" + n, clients("python", n, server, Map.of()));
                out.put("java" + n, clients("java", n, server, Map.of()));
            }
            out.put("java1-serial", clients("java", 1, server, Map.of("mlflow.async.parallel.requests", "1")));
        } finally {
            server.close();
        }
        return out;
    }

    static int[] clientCounts() {
        return CLIENTS.clone();
    }

    private Result clients(String kind, int n, MlflowServer server, Map<String, String> props) throws Exception {
        String name = kind + "-" + n + (props.isEmpty() ? "" : "-serial");
        Path work = Files.createDirectories(dir.resolve(name));
        Path go = work.resolve("go");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        // written once: rewriting it for each client truncated it under a Python process that was still reading it
        Path script = work.resolve("client.py");
        if (kind.equals("python")) Files.writeString(script, PYTHON_CLIENT);
        try {
            for (int i = 0; i < n; i++) {
                Path r = work.resolve("ready-" + i);
                Path log = logs.resolve("teamserver-" + name + "-" + i + ".log");
                ready.add(r);
                outputs.add(log);
                List<String> cmd = new ArrayList<>();
                if (kind.equals("java")) {
                    cmd.add(java);
                    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
                    cmd.addAll(List.of("-Dmlflow.flush.timeout.ms=1800000", "-cp", classPath(),
                            TeamClientProgram.class.getName()));
                } else {
                    cmd.addAll(List.of(PythonMlflow.python(), script.toString()));
                }
                cmd.addAll(List.of(r.toString(), go.toString(), Long.toString(pointsPerClient)));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.endsWith("JAVA_OPTIONS")
                        || k.equals("JAVA_TOOL_OPTIONS"));
                pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
                pb.environment().put("MLFLOW_TRACKING_URI", server.uri());
                pb.environment().put("MLFLOW_EXPERIMENT_NAME", "team-bench");
                processes.add(pb.start());
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15); // a loaded machine starts slowly
            for (int i = 0; i < n; i++) {
                while (!Files.exists(ready.get(i))) {
                    Process p = processes.get(i);
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + " client " + i + " did not get ready ("
                                + (p.isAlive() ? "still starting" : "exit " + p.exitValue()) + "): " + tail(outputs.get(i)));
                    }
                    Thread.sleep(5);
                }
            }
            Files.writeString(go, "");
            long first = Long.MAX_VALUE;
            long last = 0;
            long points = 0;
            for (int i = 0; i < n; i++) {
                Process p = processes.get(i);
                if (!p.waitFor(30, TimeUnit.MINUTES)) throw new IllegalStateException(name + " did not end in 30 min");
                String text = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("(?m)^RESULT (\\d+) (\\d+) (\\d+)").matcher(text);
                if (p.exitValue() != 0 || !m.find()) {
                    throw new IllegalStateException(name + " client " + i + " exited " + p.exitValue() + ": "
                            + tail(outputs.get(i)));
                }
                first = Math.min(first, Long.parseLong(m.group(1)));
                last = Math.max(last, Long.parseLong(m.group(2)));
                points += Long.parseLong(m.group(3));
            }
            Result r = new Result(kind, n, points, (last - first) / 1000.0);
            System.out.printf(Locale.ROOT, "[bench] team server: %d %s client(s)%s: %,d points in %.1f s = %,.0f points/s%n",
                    n, kind, props.isEmpty() ? "" : " " + props, points, r.seconds(), r.rate());
            return r;
        } finally {
            for (Process p : processes) p.destroyForcibly();
        }
    }

    /** This JVM's class path with absolute entries (the clients run in folders of their own). */
    private static String classPath() {
        StringBuilder b = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (b.length() > 0) b.append(File.pathSeparator);
            b.append(Path.of(entry).toAbsolutePath());
        }
        return b.toString();
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.substring(Math.max(0, text.length() - 400));
    }

    private static final String PYTHON_CLIENT = String.join("\n",
            "import os, sys, time",
            "from mlflow import MlflowClient",
            "from mlflow.entities import Metric",
            "ready, go, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "c = MlflowClient()",
            "exp = c.get_experiment_by_name('team-bench')",
            "rid = c.create_run(exp.experiment_id, run_name='team-bench-python', tags={'client': 'python'}).info.run_id",
            "open(ready, 'w').close()",
            "while not os.path.exists(go):",
            "    time.sleep(0.002)",
            "start = int(time.time() * 1000)",
            "for first in range(0, n, 1000):",
            "    c.log_batch(rid, metrics=[Metric('m%d' % (i % 10), float(i), start, i // 10)"
                    + " for i in range(first, min(n, first + 1000))])",
            "print('RESULT %d %d %d' % (start, int(time.time() * 1000), n))",
            "");
}
