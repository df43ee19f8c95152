package io.jmlflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.testing.MlflowServer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one benchmark table ({@code scripts/bench.sh}): each line is one measurement, what it is compared with, the
 * ratio, and the target. Sections run one after the other (JMH and whole-process benchmarks in child JVMs, the
 * throughput runs in this one); a section that fails prints its reason in its line and the others still run.
 * The child programs' full output goes to {@code <temp>/logs}.
 *
 * <p>Arguments: {@code [--quick] [--only section,...]}, or {@code --explain [program,...]} for the process section's
 * explanation aid ({@link ProcessExplainer}) alone. System properties (set by the script): {@code bench.agent.jar},
 * {@code bench.agent.target} (the agent module's build folder), {@code bench.smile.target},
 * {@code bench.tribuo.target}, {@code bench.dl4j.target}, {@code mlflow.python}.
 */
public final class BenchTable {
    /** One line of the table. */
    record Line(String what, String value, String comparedWith, String ratio, String target) {
    }

    private final boolean quick;
    private final Path tmp;
    private final Path logs;
    private final List<Line> lines = new ArrayList<>();
    private final String loadAtStart = loadAverage();
    /** Sections to run ({@code --only enqueue,advice,throughput,teamserver,startup,smile,dl4j,process}); null runs all. */
    private List<String> only;
    private final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    private BenchTable(boolean quick) throws IOException {
        this.quick = quick;
        this.tmp = Files.createTempDirectory("jmlflow-bench");
        this.logs = Files.createDirectories(tmp.resolve("logs"));
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        BenchTable t = new BenchTable(quick);
        int explain = List.of(args).indexOf("--explain");
        if (explain >= 0) {
            List<String> keys = explain + 1 < args.length && !args[explain + 1].startsWith("--")
                    ? List.of(args[explain + 1].split(",")) : List.of();
            System.out.println("[bench] explaining the process section's programs; logs in " + t.logs);
            new ProcessExplainer(t.java, t.tmp, t.logs).explain(keys);
            System.exit(0);
        }
        long start = System.nanoTime();
        System.out.println("[bench] " + (quick ? "quick" : "full") + " run on " + Runtime.getRuntime().availableProcessors()
                + " cores; child output in " + t.logs);
        int only = List.of(args).indexOf("--only");
        t.only = only >= 0 && only + 1 < args.length ? List.of(args[only + 1].split(",")) : null;
        t.section("enqueue", "logMetric enqueue (JMH)", t::enqueue);
        t.section("advice", "instrumented-but-untracked call (JMH)", t::advice);
        t.section("throughput", "throughput", t::throughput);
        t.section("teamserver", "team server (PostgreSQL, 4 workers): many clients at once", t::teamServer);
        t.section("startup", "agent start-up", t::startup);
        t.section("smile", "Smile RandomForest overhead", t::smile);
        t.section("dl4j", "DL4J MLP overhead", t::dl4j);
        t.section("process", "whole programs with and without the agent, and the Python anchor", t::process);
        t.print((System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    private interface Section {
        void run() throws Exception;
    }

    private void section(String key, String name, Section s) {
        if (only != null && !only.contains(key)) return;
        long t0 = System.nanoTime();
        System.out.println("[bench] " + name + " ...");
        try {
            s.run();
        } catch (Exception | Error e) {
            lines.add(new Line(name, "FAILED", e.toString().replace('|', '/').replace('\n', ' '), "", ""));
        }
        System.out.printf(Locale.ROOT, "[bench] %s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
    }

    // ------------------------------------------------------------------ sections

    private void enqueue() throws Exception {
        JsonNode r = jmh(System.getProperty("java.class.path"), LogMetricEnqueueBenchmark.class.getName(),
                null, "enqueue");
        JsonNode p = r.get(0).path("primaryMetric");
        double median = p.path("scorePercentiles").path("50.0").asDouble();
        double p99 = p.path("scorePercentiles").path("99.0").asDouble();
        lines.add(new Line("logMetric on the training thread (enqueue into the async logger), median",
                fmt("%.0f ns (p99 %.0f ns)", median, p99), "target 1,000 ns", fmt("%.2fx of target", median / 1000),
                median < 1000 ? "met" : "MISSED"));
    }

    private void advice() throws Exception {
        Path agentTarget = path("bench.agent.target");
        // An application's class path: the agent's own parts (its SPI, the integrations, Byte Buddy) come from the
        // agent jar only; a second, unshaded copy of the SPI on the class path would shadow the agent's.
        StringBuilder cp = new StringBuilder(agentTarget.resolve("test-classes").toString());
        for (String entry : Files.readString(agentTarget.resolve("test-classpath.txt")).trim().split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            if (name.startsWith("byte-buddy") || (name.startsWith("jmlflow-") && !name.startsWith("jmlflow-core"))) continue;
            cp.append(File.pathSeparator).append(entry);
        }
        String agentArgs = "-javaagent:" + path("bench.agent.jar") + " -Dmlflow.annotations.enabled=false";
        JsonNode with = jmh(cp.toString(), "bench.AdviceOverheadBenchmark", agentArgs, "advice-agent");
        JsonNode without = jmh(cp.toString(), "bench.AdviceOverheadBenchmark", null, "advice-plain");
        double instrumented = score(with, "instrumentedUntracked");
        double plainSameJvm = score(with, "notInstrumented");
        double noAgent = score(without, "instrumentedUntracked");
        lines.add(new Line("instrumented-but-untracked call (agent on, annotation handling off), mean",
                fmt("%.2f ns (%+.2f ns)", instrumented, instrumented - plainSameJvm),
                fmt("same method uninstrumented, same JVM: %.2f ns (no agent: %.2f ns)", plainSameJvm, noAgent),
                fmt("%.2fx", instrumented / plainSameJvm), "a few ns"));
    }

    /**
     * The file store gets the most points (nothing else is that fast); against SQLite and the server, Java and
     * Python log the same number of points, and against the server Python goes first, so that the Java run, not
     * Python's, pays for the larger database.
     */
    private void throughput() throws Exception {
        long filePoints = quick ? 200_000 : 1_000_000;
        int same = quick ? 50_000 : 200_000;
        int pyPerCall = quick ? 300 : 1_000;
        System.setProperty("mlflow.async.max.pending", "2000000");
        System.setProperty("mlflow.flush.timeout.ms", "1800000");
        double[] ignored = new double[1];
        Path dir = Files.createDirectories(tmp.resolve("throughput"));
        ThroughputBenchmark.Row file = ThroughputBenchmark.java("Java async logger -> file store",
                "file://" + dir.resolve("mlruns"), filePoints, ignored);
        lines.add(new Line("points/s, Java async logger -> file store", rate(file), "target 500,000 points/s",
                fmt("%.2fx of target", file.rate() / 500_000), file.rate() >= 500_000 ? "met" : "MISSED"));

        ThroughputBenchmark.Row sqlite = ThroughputBenchmark.java("Java async logger -> SQLite store",
                "sqlite:///" + dir.resolve("java.db"), same, ignored);
        ThroughputBenchmark.Row pySqlite = ThroughputBenchmark.python("Python log_batch(1000) -> SQLite store",
                "sqlite:///" + dir.resolve("py.db"), dir, same, true);
        lines.add(new Line(fmt("points/s, Java async logger -> SQLite store (%,d points)", same), rate(sqlite),
                "Python client log_batch(1000) -> SQLite store, same points: " + rate(pySqlite),
                fmt("%.1fx", sqlite.rate() / pySqlite.rate()), "-"));

        MlflowServer server = MlflowServer.start(dir.resolve("server"), false);
        try {
            ThroughputBenchmark.Row perCall = ThroughputBenchmark.python("Python log_metric per call -> MLflow server",
                    server.uri(), dir, pyPerCall, false);
            ThroughputBenchmark.Row batch = ThroughputBenchmark.python("Python log_batch(1000) -> MLflow server",
                    server.uri(), dir, same, true);
            ThroughputBenchmark.Row java = ThroughputBenchmark.java("Java async logger -> MLflow server", server.uri(),
                    same, ignored);
            double r1 = java.rate() / perCall.rate();
            double r2 = java.rate() / batch.rate();
            String what = fmt("points/s, Java async logger -> MLflow server, SQLite backend (%,d points)", same);
            lines.add(new Line(what, rate(java), fmt("Python client log_metric per call (%,d points), same server: ",
                    pyPerCall) + rate(perCall), fmt("%.1fx", r1), ">= 10x: " + (r1 >= 10 ? "met" : "MISSED")));
            lines.add(new Line(what + ", same measurement", rate(java),
                    "Python client log_batch(1000), same server, same points: " + rate(batch), fmt("%.2fx", r2),
                    ">= 1x: " + (r2 >= 1 ? "met" : "MISSED")));
        } finally {
            server.close();
            deleteTree(dir); // the logs stay; the stores are large
        }
    }

    /**
     * Java and Python clients side by side against a team's server ({@link TeamServerBenchmark}): 8 processes of each,
     * one of each, the scaling from 1 to 8, and one JVM sending one request at a time for what parallel batches bring.
     */
    private void teamServer() throws Exception {
        String env = System.getenv("TEAMSERVER_POINTS");
        long points = env != null ? Long.parseLong(env) : quick ? 20_000 : 100_000;
        Map<String, TeamServerBenchmark.Result> r = new TeamServerBenchmark(java, tmp, logs, points).run();
        TeamServerBenchmark.Result j8 = r.get("java8");
        TeamServerBenchmark.Result p8 = r.get("python8");
        double eight = j8.rate() / p8.rate();
        lines.add(new Line(fmt("aggregate points/s, 8 Java JVMs (async logger, parallel batches) -> team server,"
                        + " %,d points each", points), fmt("%,.0f points/s", j8.rate()),
                "8 Python processes, log_batch(1000), same points: " + fmt("%,.0f points/s", p8.rate()),
                fmt("%.2fx", eight), ">= 2x: " + (eight >= 2 ? "met" : "MISSED")));
        TeamServerBenchmark.Result j1 = r.get("java1");
        TeamServerBenchmark.Result p1 = r.get("python1");
        TeamServerBenchmark.Result serial = r.get("java1-serial");
        double one = j1.rate() / p1.rate();
        lines.add(new Line("points/s, one JVM with parallel batches (default 4) -> team server",
                fmt("%,.0f points/s (one request at a time: %,.0f)", j1.rate(), serial.rate()),
                "one Python log_batch(1000) loop, same points: " + fmt("%,.0f points/s", p1.rate()),
                fmt("%.2fx", one), ">= 2x: " + (one >= 2 ? "met" : "MISSED")));
        StringBuilder java = new StringBuilder();
        StringBuilder python = new StringBuilder();
        for (int n : TeamServerBenchmark.clientCounts()) {
            java.append(java.length() == 0 ? "" : " / ").append(fmt("%,.0f", r.get("java" + n).rate()));
            python.append(python.length() == 0 ? "" : " / ").append(fmt("%,.0f", r.get("python" + n).rate()));
        }
        lines.add(new Line("scaling, aggregate points/s with 1 / 2 / 4 / 8 clients", "Java: " + java,
                "Python log_batch(1000): " + python,
                fmt("%.1fx / %.1fx from 1 to 8", r.get("java8").rate() / j1.rate(), p8.rate() / p1.rate()), "-"));
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void startup() throws Exception {
        Path agentTarget = path("bench.agent.target");
        String out = run("startup", List.of(java, "-cp", agentTarget.resolve("test-classes").toString(),
                "bench.StartupBenchmark", path("bench.agent.jar").toString(), quick ? "4" : "10"), null, Map.of());
        double plain = find(out, "(?m)^plain hello\\s+median\\s+([0-9.]+)");
        double added = find(out, "(?m)^agent, hello\\s+median\\s+[0-9.]+\\s+added: median of paired differences\\s+([+-]?[0-9.]+)");
        lines.add(new Line("agent start-up, hello world with -javaagent (median of paired differences)",
                fmt("+%.0f ms", added), fmt("the same JVM without the agent: %.0f ms", plain),
                fmt("%.2fx wall", (plain + added) / plain), "< 250 ms: " + (added < 250 ? "met" : "MISSED")));
    }

    private void smile() throws Exception {
        Path target = path("bench.smile.target");
        String cp = target.resolve("test-classes") + File.pathSeparator + Files.readString(target.resolve("test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dbench.alternating.pairs=" + alternatingPairs(),
                "-Dmlflow.agent.jar=" + path("bench.agent.jar"), "-cp", cp,
                "io.jmlflow.integrations.smile.e2e.bench.SmileOverheadBenchmark", quick ? "1" : "5"));
        String out = run("smile", cmd, null, Map.of());
        if (tableLines(out, 2)) return;
        // medians line of the arm "agent": wall, fit, cpu | wall - plain (ms, %), cpu - plain | autologging in fit
        Matcher m = Pattern.compile("(?m)^agent\\s{2,}([0-9.]+) ms\\s+([0-9.]+) ms\\s+([0-9.]+) ms \\|\\s+([+-][0-9.]+) ms\\s+([+-][0-9.]+)%"
                + "\\s+([+-][0-9.]+) ms\\s+([+-][0-9.]+)% \\|\\s+([0-9.-]+) ms\\s+([0-9.-]+)%").matcher(out);
        if (!m.find()) throw new IllegalStateException("cannot read SmileOverheadBenchmark's output (see " + logs + ")");
        Matcher plain = Pattern.compile("(?m)^plain\\s{2,}([0-9.]+) ms").matcher(out);
        String plainWall = plain.find() ? plain.group(1) + " ms" : "?";
        double inFitPct = Double.parseDouble(m.group(9));
        // The time autologging added inside fit, measured in the traced process itself, is the steady figure on a
        // loaded machine; the paired process wall difference (which also holds the agent's start-up) is shown too.
        lines.add(new Line("Smile 3 RandomForest fit (50k rows, 100 trees), time autologging added inside fit",
                fmt("%s ms = %.2f%% (process wall %s ms = %s%%)", m.group(8), inFitPct, m.group(4), m.group(5)),
                "the same program without the agent: " + plainWall + " wall",
                fmt("%.3fx", 1 + inFitPct / 100), "< 2%: " + (inFitPct < 2 ? "met" : "MISSED")));
    }

    private void dl4j() throws Exception {
        Path target = path("bench.dl4j.target");
        String cp = target.resolve("test-classes") + File.pathSeparator
                + Files.readString(target.resolve("test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dbench.iteration.rounds=0",
                "-Dbench.alternating.pairs=" + alternatingPairs(), "-cp", cp,
                "io.jmlflow.integrations.dl4j.e2e.bench.Dl4jOverheadBenchmark", path("bench.agent.jar").toString(),
                quick ? "1" : "5"));
        String out = run("dl4j", cmd, target.getParent(), Map.of("OMP_NUM_THREADS", "1"));
        if (tableLines(out, 3)) return;
        int block = out.indexOf("agent (defaults) vs plain");
        if (block < 0) throw new IllegalStateException("cannot read Dl4jOverheadBenchmark's output (see " + logs + ")");
        String tail = out.substring(block);
        Matcher fit = Pattern.compile("fit wall\\s+([+-]?[0-9]+) ms\\s+\\(([+-]?[0-9.]+)% of plain\\)").matcher(tail);
        Matcher wall = Pattern.compile("process wall\\s+([+-]?[0-9]+) ms\\s+\\(([+-]?[0-9.]+)% of plain\\)").matcher(tail);
        Matcher cpu = Pattern.compile("fit CPU \\(training thread\\)\\s+([+-]?[0-9]+) ms\\s+\\(([+-]?[0-9.]+)% of plain\\)").matcher(tail);
        Matcher plainFit = Pattern.compile("(?m)^fit wall\\s+([0-9]+)").matcher(out);
        if (!fit.find() || !wall.find() || !cpu.find() || !plainFit.find()) {
            throw new IllegalStateException("cannot read Dl4jOverheadBenchmark's output (see " + logs + ")");
        }
        // The fit call (with the end-of-training evaluation and model logging the agent does before it returns) is
        // the training the user waits for; process wall adds JVM start-up and exit and is the noisiest figure.
        double pct = Double.parseDouble(fit.group(2));
        lines.add(new Line("DL4J MLP fit (20k rows, 10 epochs), fit call with the agent (median of paired differences)",
                fmt("%s ms = %s%% (training-thread CPU %s%%, process wall %s%%)", fit.group(1), fit.group(2),
                        cpu.group(2), wall.group(2)),
                "the same fit without the agent: " + plainFit.group(1) + " ms",
                fmt("%.3fx", 1 + pct / 100), "< 3%: " + (pct < 3 ? "met" : "MISSED")));
    }

    private void process() {
        lines.addAll(new ProcessBenchmark(java, quick, tmp, logs).run());
    }

    // ------------------------------------------------------------------ helpers

    /** Pairs of fits with autologging on and off in one JVM, after the fresh-JVM rounds (Smile, DL4J). */
    private String alternatingPairs() {
        return quick ? "2" : "8";
    }

    /**
     * Takes the lines a benchmark prints for this table, {@code TABLE|what|measured|compared with|ratio}, each
     * judged against an overhead target of {@code targetPercent}; false when it printed none.
     */
    private boolean tableLines(String out, double targetPercent) {
        Matcher m = Pattern.compile("(?m)^TABLE\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|([^|\\r\\n]*)").matcher(out);
        boolean any = false;
        while (m.find()) {
            any = true;
            String ratio = m.group(4).trim();
            String verdict;
            try {
                double r = Double.parseDouble(ratio.replaceAll("x$", ""));
                verdict = (r - 1) * 100 < targetPercent ? "met" : "MISSED";
                if (!ratio.endsWith("x")) ratio += "x";
            } catch (NumberFormatException e) {
                verdict = "?";
            }
            lines.add(new Line(m.group(1).trim(), m.group(2).trim(), m.group(3).trim(), ratio,
                    fmt("< %.0f%%: %s", targetPercent, verdict)));
        }
        return any;
    }

    /** Runs one JMH benchmark class in a child JVM ({@code org.openjdk.jmh.Main}); returns its JSON results. */
    private JsonNode jmh(String classPath, String benchmark, String jvmArgsAppend, String name) throws Exception {
        Path json = logs.resolve(name + ".json");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classPath, "org.openjdk.jmh.Main",
                "^" + Pattern.quote(benchmark) + "\\.", "-f", "1", "-wi", quick ? "2" : "3", "-w", "1",
                "-i", quick ? "3" : "5", "-r", "1", "-rf", "json", "-rff", json.toString()));
        if (jvmArgsAppend != null) {
            cmd.add("-jvmArgsAppend");
            cmd.add(jvmArgsAppend);
        }
        run(name, cmd, null, Map.of());
        return new ObjectMapper().readTree(json.toFile());
    }

    private static double score(JsonNode results, String method) {
        for (JsonNode r : results) {
            if (r.path("benchmark").asText().endsWith("." + method)) return r.path("primaryMetric").path("score").asDouble();
        }
        throw new IllegalStateException("no result for " + method + " in " + results);
    }

    /** Runs a child process (bounded), keeps its output in the logs folder, and returns it; fails on a non-zero exit. */
    private String run(String name, List<String> command, Path workDir, Map<String, String> env) throws Exception {
        Path out = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        if (workDir != null) pb.directory(workDir.toFile());
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(40, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 40 minutes");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " exited " + p.exitValue() + ": "
                    + text.substring(Math.max(0, text.length() - 300)));
        }
        return text;
    }

    private static double find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) throw new IllegalStateException("no match for " + regex);
        return Double.parseDouble(m.group(1));
    }

    private static Path path(String property) {
        String v = System.getProperty(property);
        if (v == null) throw new IllegalStateException("system property " + property + " is not set (run scripts/bench.sh)");
        return Paths.get(v).toAbsolutePath();
    }

    private static String rate(ThroughputBenchmark.Row r) {
        return fmt("%,.0f points/s", r.rate());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The 1-minute load average (Linux), to tell a quiet machine from a busy one. */
    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private void print(double seconds) {
        System.out.println();
        System.out.println("| what | measured | compared with | ratio | target |");
        System.out.println("|---|---|---|---|---|");
        for (Line l : lines) {
            System.out.println("| " + l.what() + " | " + l.value() + " | " + l.comparedWith() + " | " + l.ratio() + " | "
                    + l.target() + " |");
        }
        System.out.printf(Locale.ROOT, "%n%s run, %.0f s, %d cores, %s; load average at start %s, at end %s%n",
                quick ? "quick" : "full", seconds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadAtStart, loadAverage());
    }
}
