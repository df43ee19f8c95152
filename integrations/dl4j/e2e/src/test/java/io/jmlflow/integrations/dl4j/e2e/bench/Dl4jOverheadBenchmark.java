package io.jmlflow.integrations.dl4j.e2e.bench;

import io.jmlflow.samples.dl4j.SyntheticMlp;
import io.jmlflow.testing.AlternatingPairs;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.PairedStats;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DL4J autologging costs a training job: {@link SyntheticMlp} (10 epochs of an MLP on generated data) in
 * JVMs without and with {@code -javaagent:mlflow-agent.jar} (everything on: {@link #ALL_ON}, a fresh SQLite store
 * each time), interleaved and alternating which goes first, so that load on the machine hits both alike. Reports
 * medians of the whole-process wall time (with the agent it includes the post-training work the JVM exit waits for:
 * model logging, training metrics, plots), of the time {@code fit} took (measured by the program; with the agent
 * what autologging does on the training thread before {@code fit} returns: a copy of the model), of the training
 * thread's CPU time during {@code fit}, of the process's CPU time, of the JVM's uptime when {@code fit} starts (the
 * agent's start shows there) and of the time from {@code main}'s end to the process's end (the exit, which with the
 * agent waits for the post-training work), and the medians of the paired differences.
 * CPU times are the steadier figures on a shared machine. Not a test: run it by hand.
 *
 * <pre>
 * cd integrations/dl4j/e2e
 * java -cp "target-dl4j/test-classes:$(cat target-dl4j/test-classpath.txt)" \
 *     io.jmlflow.integrations.dl4j.e2e.bench.Dl4jOverheadBenchmark ../../../agent/target-dl4j/mlflow-agent.jar \
 *     [rounds] [rows features hidden epochs batch]
 * </pre>
 * Add {@code -Dbench.every=1} to also run the agent logging every iteration (the default logs every 10th).
 * Afterwards {@link Dl4jIterationOverhead} measures the per-iteration part alone, in one JVM
 * ({@code -Dbench.iteration.rounds=0} skips it), and {@link Dl4jAlternatingFits} whole fits with autologging on and
 * off in turn, in one JVM ({@code -Dbench.alternating.pairs}, default 10; 0 skips it, as 0 rounds skips the fresh
 * JVMs): a shared machine moves fresh JVMs' fits by seconds from one minute to the next. The last lines, {@code TABLE|<what>|<value>|<compared with>|<ratio>},
 * one per measure, are for the benchmark table.
 */
public final class Dl4jOverheadBenchmark {
    private static final Pattern TIMES = Pattern.compile("fit_ms=([0-9.]+) fit_cpu_ms=([0-9.]+) process_cpu_ms=([0-9.-]+)");
    private static final Pattern UPTIMES = Pattern.compile("uptime_ms fit_start=([0-9]+) main_end=([0-9]+)");
    /** The last two: the JVM's uptime when fit started, and the time from main's end to the process's end (the exit). */
    private static final String[] MEASURES = {"process wall", "fit wall", "fit CPU (training thread)", "process CPU",
            "JVM start to fit", "main's end to exit"};
    /** Every autologging feature on (models, datasets, plots, post-training metrics are on by default; system metrics not). */
    static final String ALL_ON = "autolog.log.models=true,autolog.log.datasets=true,autolog.log.plots=true,"
            + "autolog.log.post.training.metrics=true,autolog.log.system.metrics=true,autolog.dl4j.log.evaluation=true";

    private Dl4jOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args.length > 0 ? args[0] : "../../../agent/target-dl4j/mlflow-agent.jar").getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> workload = args.length > 2 ? List.of(Arrays.copyOfRange(args, 2, args.length))
                : List.of("20000", "64", "128", "10", "64");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // the application: the workloads, the DL4J sample's classes and DL4J (no jmlflow: the agent brings it)
        String cp = AppClassPath.of(Dl4jOverheadBenchmark.class);
        List<String> base = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, SyntheticMlp.class.getName()));
        base.addAll(workload);
        List<List<String>> variants = new ArrayList<>();
        List<String> names = new ArrayList<>();
        variants.add(base);
        names.add("plain");
        variants.add(withAgent(base, "-javaagent:" + agent + "=" + ALL_ON));
        names.add("agent (all on)");
        String every = System.getProperty("bench.every");
        if (every != null) {
            variants.add(withAgent(base, "-javaagent:" + agent + "=" + ALL_ON + ",autolog.dl4j.log.every.n.iterations=" + every));
            names.add("agent (all on, every " + every + " iterations)");
        }
        System.out.println("workload: SyntheticMlp " + String.join(" ", workload) + " (rows features hidden epochs batch)"
                + ", OMP_NUM_THREADS=1, " + rounds + " interleaved rounds after one warm-up round");
        List<String> table = new ArrayList<>();
        String what = "DL4J MLP " + workload.get(3) + " epochs (" + workload.get(0) + " rows x " + workload.get(1)
                + ", hidden " + workload.get(2) + ", batch " + workload.get(4) + ")";
        if (rounds > 0) {
            for (List<String> v : variants) run(v); // warm-up: file cache, JavaCPP's native cache
            double[][][] ms = new double[MEASURES.length][variants.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < variants.size(); i++) {
                    int v = r % 2 == 0 ? i : variants.size() - 1 - i; // alternate the order
                    double[] m = run(variants.get(v));
                    for (int k = 0; k < MEASURES.length; k++) ms[k][v][r] = m[k];
                }
                System.out.printf(Locale.ROOT, "round %d: wall %s ms, fit %s ms, fit CPU %s ms%n", r + 1, column(ms[0], r),
                        column(ms[1], r), column(ms[2], r));
            }
            System.out.printf(Locale.ROOT, "%nmedians (ms) %28s", "");
            for (String n : names) System.out.printf(Locale.ROOT, "%24s", n);
            System.out.println();
            for (int k = 0; k < MEASURES.length; k++) {
                System.out.printf(Locale.ROOT, "%-40s", MEASURES[k]);
                for (int v = 0; v < variants.size(); v++) System.out.printf(Locale.ROOT, "%24.0f", median(ms[k][v]));
                System.out.println();
            }
            String[] tableNames = {"process wall", "fit call", "fit CPU (training thread)", "process CPU"};
            String[] comparedWith = {"same program without agent", "same fit without agent",
                    "same fit without agent", "same program without agent"};
            for (int v = 1; v < variants.size(); v++) {
                System.out.println();
                System.out.println(names.get(v) + " vs plain, median of paired differences:");
                for (int k = 0; k < MEASURES.length; k++) {
                    double[] d = new double[rounds];
                    for (int r = 0; r < rounds; r++) d[r] = ms[k][v][r] - ms[k][0][r];
                    double plain = median(ms[k][0]);
                    System.out.printf(Locale.ROOT, "  %-28s %+8.0f ms  (%+.1f%% of plain)%n", MEASURES[k], median(d),
                            100 * median(d) / plain);
                    if (k >= tableNames.length) continue;
                    table.add(String.format(Locale.ROOT, "TABLE|%s %s, %s|%+.1f%% (%+.0f ms)|%s (%.0f ms)|%.3f", what,
                            tableNames[k], names.get(v), 100 * median(d) / plain, median(d), comparedWith[k], plain,
                            (plain + median(d)) / plain));
                }
            }
        }

        // The per-iteration part alone, in one JVM (see Dl4jIterationOverhead).
        int iterationRounds = Integer.getInteger("bench.iteration.rounds", 15);
        if (iterationRounds > 0) {
            List<String> inProcess = new ArrayList<>(List.of(java, "-Xmx1g", "-javaagent:" + agent, "-cp",
                    cp, Dl4jIterationOverhead.class.getName(), workload.get(0),
                    workload.get(1), workload.get(2), workload.get(4), String.valueOf(iterationRounds)));
            System.out.println();
            System.out.println("in one JVM with the agent, two identical models training epoch by epoch in turn:");
            System.out.print(runForOutput(inProcess));
        }
        // Whole fits side by side in one JVM (see Dl4jAlternatingFits).
        int pairs = Integer.getInteger("bench.alternating.pairs", 10);
        if (pairs > 0) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-javaagent:" + agent + "=" + ALL_ON, "-cp",
                    cp, Dl4jAlternatingFits.class.getName()));
            command.addAll(workload);
            command.add(String.valueOf(pairs));
            System.out.println();
            System.out.println("in one JVM with the agent, whole fits with autologging on and off in turn:");
            String text = runForText(command);
            if (!text.contains("RUNS ")) throw new IllegalStateException("alternating fits failed:\n" + text);
            table.add(AlternatingPairs.summarize(text, pairs, what, "training-thread"));
        }
        System.out.println();
        table.forEach(System.out::println);
    }

    private static String runForOutput(List<String> command) throws Exception {
        String text = runForText(command);
        StringBuilder b = new StringBuilder();
        text.lines().filter(l -> l.startsWith("per epoch") || l.startsWith("  epoch")).forEach(l -> b.append(l).append('\n'));
        return b.length() > 0 ? b.toString() : text;
    }

    /** Runs {@code command} in a fresh directory (own SQLite store); returns its output (stdout and stderr). */
    private static String runForText(List<String> command) throws Exception {
        Path dir = Files.createTempDirectory("dl4j-bench");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().put("MLFLOW_TRACKING_URI", "sqlite:///" + dir.resolve("mlflow.db"));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        deleteTree(dir);
        return text;
    }

    private static List<String> withAgent(List<String> base, String agentArg) {
        List<String> v = new ArrayList<>(base);
        v.add(1, agentArg);
        return v;
    }

    /** Runs one JVM in a fresh directory (own SQLite store); returns the {@link #MEASURES} in ms. */
    private static double[] run(List<String> command) throws Exception {
        Path dir = Files.createTempDirectory("dl4j-bench");
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().put("MLFLOW_TRACKING_URI", "sqlite:///" + dir.resolve("mlflow.db"));
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = TIMES.matcher(text);
        if (p.exitValue() != 0 || !m.find()) throw new IllegalStateException("run failed:\n" + text);
        if (command.get(1).startsWith("-javaagent") && !text.contains("FINISHED")) {
            throw new IllegalStateException("the agent logged no finished run:\n" + text);
        }
        deleteTree(dir);
        Matcher u = UPTIMES.matcher(text);
        boolean uptimes = u.find();
        return new double[] {wallMs, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), uptimes ? Double.parseDouble(u.group(1)) : Double.NaN,
                uptimes ? wallMs - Double.parseDouble(u.group(2)) : Double.NaN};
    }

    private static String column(double[][] values, int round) {
        StringBuilder b = new StringBuilder();
        for (double[] v : values) b.append(b.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f", v[round]));
        return b.toString();
    }

    private static double median(double[] values) {
        return PairedStats.median(values);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
