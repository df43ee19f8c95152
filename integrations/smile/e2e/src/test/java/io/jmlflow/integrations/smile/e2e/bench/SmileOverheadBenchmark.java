package io.jmlflow.integrations.smile.e2e.bench;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.AlternatingPairs;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.NoOpAgent;
import io.jmlflow.testing.PairedStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The agent's overhead on a Smile 3 random forest fit (not a test: run it by hand, on a quiet machine if possible).
 * Each round runs {@link RandomForestWorkload} in fresh JVMs, side by side: without an agent; with a
 * {@link NoOpAgent} (a control: what the JVM charges for running with any agent, which the fit pays too); and with
 * the agent and everything on (the model, training metrics, plots, estimator.html, the dataset input, system
 * metrics) into a fresh file store. The order rotates from round to round, after one untimed run of each.
 * Reported, as medians over the rounds: process wall time, the {@code fit} call, process CPU time, the per-round
 * differences to the plain run (and the agent's to the no-op agent's), and, measured inside each traced process (so
 * other load on the machine does not blur it), the time autologging added to the {@code fit} call: the call's
 * duration minus the training time the run recorded ({@code fit_time_ms}), and the extra CPU time threads other
 * than the training's used during the fit (ours, the JIT compilers', the collector's). The model, metrics passes,
 * plots and dataset are written after {@code fit} returned (post-training work), so they show in the process wall
 * time (the JVM waits for them at exit), not in the fit call. Then, since a shared machine moves fresh JVMs' fits by
 * seconds from one minute to the next, the side-by-side measurement inside one JVM ({@link AlternatingFitsWorkload}):
 * {@code bench.alternating.pairs} (default 10; 0 skips it, as 0 rounds skips the fresh JVMs) pairs of the same fit
 * with autologging on and off in turn. Ends with one {@code TABLE|<what>|<value>|<compared with>|<ratio>} line per
 * figure for the benchmark table.
 *
 * <pre>mvn -o -Djm.target=target-smile -pl integrations/smile/e2e -am verify -DskipTests
 * java -cp "$(cat integrations/smile/e2e/target-smile/test-classpath.txt):integrations/smile/e2e/target-smile/test-classes" \
 *     io.jmlflow.integrations.smile.e2e.bench.SmileOverheadBenchmark [rounds] [rows] [trees] [features]</pre>
 */
public final class SmileOverheadBenchmark {
    /** One way to run the workload: without an agent, with a given agent jar; {@code traced} for ours. */
    private record Arm(String name, Path agentJar, String agentArguments, boolean traced) {
        /** How the table lines name this arm. */
        String label() {
            return traced ? "agent (" + name + ")" : "control: " + name + ", what running with any agent costs";
        }
    }

    /**
     * One JVM: wall, fit call and CPU time, autologging's share of the fit call (0 without the agent), the uptime
     * when the fit started, and the time from the end of {@code main} to the process's end (the exit, which waits
     * for the post-training work), and the CPU time used during the fit by threads other than the training's (the
     * JIT compilers, the collector, and with the agent our threads).
     */
    private record Sample(double wallMs, double fitMs, double cpuMs, double autologMs, double beforeFitMs,
                          double exitMs, double besideTrainingMs) {
    }

    /** Every autologging feature on (models, datasets, plots and post-training metrics are on by default). */
    static final String ALL_ON = "autolog.log.models=true,autolog.log.datasets=true,autolog.log.plots=true,"
            + "autolog.log.post.training.metrics=true,autolog.log.system.metrics=true";

    private SmileOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String rows = args.length > 1 ? args[1] : "50000";
        String trees = args.length > 2 ? args[2] : "100";
        String features = args.length > 3 ? args[3] : "20";
        Path agent = Paths.get(System.getProperty("mlflow.agent.jar", "agent/target-smile/mlflow-agent.jar"))
                .toAbsolutePath();
        // the application: the workloads, the Smile sample's data generator and Smile (AppClassPath)
        String classPath = AppClassPath.of(RandomForestWorkload.class);
        int pairs = Integer.getInteger("bench.alternating.pairs", 10);
        System.out.printf("RandomForest: %s rows, %s features, %s trees; %d rounds of fresh JVMs, then %d pairs of fits in"
                + " one JVM; %s cores; agent %s%n", rows, features, trees, rounds, pairs,
                Runtime.getRuntime().availableProcessors(), agent);
        String what = "Smile RandomForest " + rows + " rows x " + features + ", " + trees + " trees";
        List<String> table = new ArrayList<>();
        if (rounds > 0) table.addAll(freshJvms(rounds, classPath, agent, rows, trees, features, what));
        if (pairs > 0) table.addAll(alternatingFits(pairs, classPath, agent, rows, trees, features, what));
        System.out.println();
        table.forEach(System.out::println);
    }

    /**
     * Rounds of fresh JVMs: plain, with the no-op agent and with the agent, in rotating order; returns the table
     * lines, the agent's against both others.
     */
    private static List<String> freshJvms(int rounds, String classPath, Path agent, String rows, String trees,
                                          String features, String what) throws IOException {
        Path noOpAgentDir = Files.createTempDirectory("noop-agent");
        try {
            List<Arm> arms = List.of(new Arm("plain", null, null, false),
                    new Arm("no-op agent", NoOpAgent.writeJar(noOpAgentDir), "", false),
                    new Arm("agent, all on", agent, ALL_ON, true));
            return freshJvms(arms, rounds, classPath, rows, trees, features, what);
        } finally {
            delete(noOpAgentDir);
        }
    }

    /** The rounds over {@code arms}: plain first, the no-op agent second, the agent third. */
    private static List<String> freshJvms(List<Arm> arms, int rounds, String classPath, String rows, String trees,
                                          String features, String what) throws IOException {
        List<List<Sample>> samples = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) samples.add(new ArrayList<>());
        // One untimed run of each arm first: the OS file cache, and the agent's transform cache, as any later run
        // of a program finds them.
        for (Arm arm : arms) run(arm, classPath, rows, trees, features);
        for (int round = 0; round < rounds; round++) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, arms.size()).boxed().toList());
            Collections.rotate(order, round);
            for (int a : order) {
                Sample s = run(arms.get(a), classPath, rows, trees, features);
                samples.get(a).add(s);
                System.out.printf("round %d  %-16s wall %9.1f ms  fit %9.1f ms  cpu %9.1f ms  autologging in fit %7.1f ms"
                                + "  before fit %7.1f ms  exit %7.1f ms  CPU beside training during fit %5.0f ms%n", round + 1,
                        arms.get(a).name(), s.wallMs(), s.fitMs(), s.cpuMs(), s.autologMs(), s.beforeFitMs(), s.exitMs(),
                        s.besideTrainingMs());
            }
        }
        List<Sample> plain = samples.get(0);
        double plainWall = median(plain, Sample::wallMs);
        double plainFit = median(plain, Sample::fitMs);
        System.out.printf("%n%-24s %12s %12s %12s | %20s %20s %20s | %22s%n", "medians", "wall", "fit call", "cpu",
                "wall - plain", "fit call - plain", "cpu - plain", "autologging in fit");
        List<String> table = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) {
            List<Sample> s = samples.get(a);
            double[] dWall = differences(s, plain, Sample::wallMs);
            double[] dFit = differences(s, plain, Sample::fitMs);
            double[] dCpu = differences(s, plain, Sample::cpuMs);
            double autolog = median(s, Sample::autologMs);
            System.out.printf("%-24s %9.1f ms %9.1f ms %9.1f ms | %+9.1f ms %+6.2f%% %+9.1f ms %+6.2f%% %+9.1f ms %+6.2f%%"
                            + " | %7.1f ms %6.2f%%%n",
                    arms.get(a).name(), median(s, Sample::wallMs), median(s, Sample::fitMs), median(s, Sample::cpuMs),
                    median(dWall), 100 * median(dWall) / plainWall, median(dFit), 100 * median(dFit) / plainFit,
                    median(dCpu), 100 * median(dCpu) / median(plain, Sample::cpuMs), autolog,
                    100 * autolog / plainWall);
            if (a == 0) continue;
            Arm arm = arms.get(a);
            if (arm.traced()) table.addAll(criticalPath(s, plain, dWall, autolog, what, arm));
            // on a shared machine single rounds swing by seconds: the mean and its standard error show how far the
            // median can be trusted
            System.out.printf("%-24s fit call - plain: mean %+.1f ms (%+.2f%%), standard error %.1f ms, %d rounds%n", "",
                    mean(dFit), 100 * mean(dFit) / plainFit, standardError(dFit), rounds);
            // The same question asked of CPU time, which load on the machine moves less than wall time: autologging
            // on the training thread, plus the extra CPU time the other threads (ours, the JIT compilers', the
            // collector's) used while the fit ran, which is at most what they can have taken from the training.
            double[] dBeside = differences(s, plain, Sample::besideTrainingMs);
            double accounted = autolog + Math.max(0, median(dBeside));
            System.out.printf("%-24s CPU beside the training during the fit: %+.0f ms vs plain (median of pairs; mean %+.0f,"
                            + " standard error %.0f); with autologging in fit at most %.0f ms = %.2f%% of the plain"
                            + " fit%n", "", median(dBeside), mean(dBeside), standardError(dBeside), accounted,
                    100 * accounted / plainFit);
            table.add(String.format(java.util.Locale.ROOT, "TABLE|%s, fit call, %s|%+.2f%% (%+.0f ms; mean %+.2f%%"
                            + " +- %.2f%%)|same fit without agent (%.0f ms)|%.3f", what, arm.label(),
                    100 * median(dFit) / plainFit, median(dFit), 100 * mean(dFit) / plainFit,
                    100 * standardError(dFit) / plainFit, plainFit, (plainFit + median(dFit)) / plainFit));
            if (arm.traced()) {
                table.add(String.format(java.util.Locale.ROOT, "TABLE|%s, autologging inside fit (fit call -"
                                + " fit_time_ms), %s|%.0f ms (%.2f%% of wall)|plain process wall (%.0f ms)|%.3f", what,
                        arm.label(), autolog, 100 * autolog / plainWall, plainWall, (plainWall + autolog) / plainWall));
            }
        }
        table.add(ownCode(samples.get(2), samples.get(1), what, arms.get(2)));
        return table;
    }

    /**
     * What autologging puts on the program's critical path, each part measured inside one process so that the
     * training time (which other load on the machine moves by seconds) cancels out: the agent's start before the
     * fit, autologging inside the fit call, and the exit's wait for the post-training work. Prints it; returns the
     * table lines for it and for the process wall.
     */
    private static List<String> criticalPath(List<Sample> s, List<Sample> plain, double[] dWall, double autolog,
                                             String what, Arm arm) {
        double plainWall = median(plain, Sample::wallMs);
        double[] critical = new double[s.size()];
        for (int i = 0; i < critical.length; i++) {
            critical[i] = (s.get(i).beforeFitMs() - plain.get(i).beforeFitMs()) + s.get(i).autologMs()
                    + (s.get(i).exitMs() - plain.get(i).exitMs());
        }
        System.out.printf("%-24s before fit %+7.1f ms, in fit %7.1f ms, exit %+7.1f ms: %7.1f ms on the critical"
                        + " path = %.2f%% of plain wall%n", "", median(s, Sample::beforeFitMs)
                        - median(plain, Sample::beforeFitMs), autolog, median(s, Sample::exitMs)
                        - median(plain, Sample::exitMs), median(critical), 100 * median(critical) / plainWall);
        return List.of(String.format(java.util.Locale.ROOT, "TABLE|%s, autologging on the critical path (agent start"
                                + " + in fit + exit wait), %s|%+.2f%% wall (%+.0f ms)|plain process wall (%.0f ms)"
                                + "|%.3f",
                        what, arm.label(), 100 * median(critical) / plainWall, median(critical), plainWall,
                        (plainWall + median(critical)) / plainWall),
                String.format(java.util.Locale.ROOT, "TABLE|%s, process wall, %s|%+.2f%% wall (%+.0f ms)"
                                + "|same program without agent (%.0f ms)|%.3f", what, arm.label(),
                        100 * median(dWall) / plainWall, median(dWall), plainWall,
                        (plainWall + median(dWall)) / plainWall));
    }

    /**
     * The agent's fit against the no-op agent's, round by round: what the agent's own code (its transformations,
     * autologging) costs the fit beyond what running with any agent costs. Prints it; returns its table line.
     */
    private static String ownCode(List<Sample> agent, List<Sample> noOp, String what, Arm arm) {
        double[] d = differences(agent, noOp, Sample::fitMs);
        double base = median(noOp, Sample::fitMs);
        System.out.printf("%-24s fit call - no-op agent's: median %+.1f ms (%+.2f%%), mean %+.1f ms (%+.2f%%), standard"
                        + " error %.1f ms (%.2f%%)%n", arm.name(), median(d), 100 * median(d) / base, mean(d),
                100 * mean(d) / base, standardError(d), 100 * standardError(d) / base);
        return String.format(java.util.Locale.ROOT, "TABLE|%s, fit call, %s against a no-op agent (the agent's own"
                        + " code)|%+.2f%% (%+.0f ms; mean %+.2f%% +- %.2f%%)|same fit with a no-op agent (%.0f ms)"
                        + "|%.3f",
                what, arm.label(), 100 * median(d) / base, median(d), 100 * mean(d) / base,
                100 * standardError(d) / base, base, (base + median(d)) / base);
    }

    /**
     * {@link AlternatingFitsWorkload} in one JVM with the agent: pairs of fits with autologging on and off; checks
     * that every fit with it on logged a run with its model; returns the table line.
     */
    private static List<String> alternatingFits(int pairs, String classPath, Path agent, String rows, String trees,
                                                String features, String what) throws IOException {
        Path store = Files.createTempDirectory("smile-bench");
        try {
            JavaProcess.Result r = JavaProcess.main(AlternatingFitsWorkload.class, rows, trees, features,
                            String.valueOf(pairs)).classpath(classPath).jvmArg("-javaagent:" + agent + "=" + ALL_ON)
                    .env("MLFLOW_TRACKING_URI", "file:" + store).env("MLFLOW_DISABLE_TELEMETRY", "true").run(7200);
            if (r.exitCode() != 0) throw new IllegalStateException("alternating fits failed: " + r.describe());
            try (MlflowClient client = new MlflowClient("file:" + store)) {
                List<Run> runs = client.searchRuns(List.of("0"), "");
                long withModel = runs.stream().filter(run -> run.modelOutputs().size() == 1).count();
                if (runs.size() != pairs + 1 || withModel != runs.size()) {
                    throw new IllegalStateException("expected " + (pairs + 1) + " runs with a model each, got " + runs);
                }
            }
            return List.of(AlternatingPairs.summarize(r.stdout(), pairs, what, "process"));
        } finally {
            delete(store);
        }
    }

    private static Sample run(Arm arm, String classPath, String rows, String trees, String features)
            throws IOException {
        Path store = Files.createTempDirectory("smile-bench");
        try {
            JavaProcess p = JavaProcess.main(RandomForestWorkload.class, rows, trees, features).classpath(classPath)
                    .env("MLFLOW_TRACKING_URI", "file:" + store).env("MLFLOW_DISABLE_TELEMETRY", "true");
            if (arm.agentJar() != null) {
                String arguments = arm.agentArguments().isEmpty() ? "" : "=" + arm.agentArguments();
                p.jvmArg("-javaagent:" + arm.agentJar() + arguments);
            }
            long start = System.nanoTime();
            JavaProcess.Result r = p.run(1800);
            double wall = (System.nanoTime() - start) / 1e6;
            if (r.exitCode() != 0) throw new IllegalStateException(arm.name() + " failed: " + r.describe());
            double fit = value(r, "FIT_MS");
            double cpu = value(r, "CPU_MS");
            double autolog = 0;
            if (arm.traced()) {
                try (MlflowClient client = new MlflowClient("file:" + store)) {
                    List<Run> runs = client.searchRuns(List.of("0"), "");
                    if (runs.size() != 1) throw new IllegalStateException("expected one run, got " + runs);
                    if (runs.get(0).modelOutputs().size() != 1 || runs.get(0).datasetInputs().isEmpty()
                            || runs.get(0).data().metric("training_accuracy_score") == null
                            || client.listArtifacts(runs.get(0).runId(), null).size() < 4) {
                        throw new IllegalStateException("the traced run lacks its model, dataset, metrics or plots: "
                                + runs.get(0));
                    }
                    autolog = fit - runs.get(0).data().metric("fit_time_ms");
                }
            }
            return new Sample(wall, fit, cpu, autolog, value(r, "FIT_START_MS"), wall - value(r, "MAIN_END_MS"),
                    threadCpu(r, "process") - threadCpu(r, "training"));
        } finally {
            delete(store);
        }
    }

    private static double value(JavaProcess.Result r, String key) {
        String line = r.stdout().lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + key + " in " + r.describe()));
        return Double.parseDouble(line.split(" ")[1]);
    }

    /** One kind's figure from the {@code FIT_THREAD_CPU_MS kind=ms ...} line; NaN where it was not measured. */
    private static double threadCpu(JavaProcess.Result r, String kind) {
        return r.stdout().lines().filter(l -> l.startsWith("FIT_THREAD_CPU_MS ")).findFirst()
                .flatMap(l -> Arrays.stream(l.split(" ")).filter(w -> w.startsWith(kind + "=")).findFirst())
                .map(w -> Double.parseDouble(w.substring(kind.length() + 1))).orElse(Double.NaN);
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return median(column(samples, f));
    }

    /** Round by round, {@code f} of {@code with} minus {@code f} of {@code without}. */
    private static double[] differences(List<Sample> with, List<Sample> without, ToDoubleFunction<Sample> f) {
        return PairedStats.differences(column(with, f), column(without, f));
    }

    private static double[] column(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    private static double mean(double[] values) {
        return PairedStats.mean(values);
    }

    private static double standardError(double[] values) {
        return PairedStats.standardError(values);
    }

    private static double median(double[] values) {
        return PairedStats.median(values);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
