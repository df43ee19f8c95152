package io.jmlflow.samples.smile.bench;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.JavaProcess;

import java.io.File;
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
import java.util.stream.Stream;

/**
 * The agent's overhead on a Smile 3 random forest fit (not a test: run it by hand, on a quiet machine if possible).
 * Each round runs {@link RandomForestWorkload} in fresh JVMs, side by side: without the agent, with it (full
 * autologging into a fresh file store), and with it but {@code autolog.log.models=false}; the order rotates from
 * round to round. Reported, as medians over the rounds: process wall time, the {@code fit} call, process CPU time,
 * the per-round differences to the plain run, and, measured inside each traced process (so other load on the
 * machine does not blur it), the time autologging added to the {@code fit} call: the call's duration minus the
 * training time the run recorded ({@code fit_time_ms}); it includes the agent's one-time Byte Buddy set-up.
 *
 * <pre>mvn -o -Djm.target=target-smile -pl samples/smile -am verify -DskipTests
 * java -cp "$(cat samples/smile/target-smile/test-classpath.txt):samples/smile/target-smile/test-classes" \
 *     io.jmlflow.samples.smile.bench.SmileOverheadBenchmark [rounds] [rows] [trees] [features]</pre>
 */
public final class SmileOverheadBenchmark {
    private record Arm(String name, String agentArguments) {
    }

    /** One JVM: wall, fit call and CPU time, and autologging's share of the fit call (0 without the agent). */
    private record Sample(double wallMs, double fitMs, double cpuMs, double autologMs) {
    }

    private SmileOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String rows = args.length > 1 ? args[1] : "50000";
        String trees = args.length > 2 ? args[2] : "100";
        String features = args.length > 3 ? args[3] : "20";
        Path testClasses = Paths.get(System.getProperty("bench.test.classes",
                "samples/smile/target-smile/test-classes")).toAbsolutePath();
        Path agent = Paths.get(System.getProperty("mlflow.agent.jar", "agent/target-smile/mlflow-agent.jar"))
                .toAbsolutePath();
        String classPath = classPath(testClasses);
        List<Arm> arms = List.of(new Arm("plain", null), new Arm("agent", ""),
                new Arm("agent, log.models=false", "autolog.log.models=false"));
        List<List<Sample>> samples = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) samples.add(new ArrayList<>());

        System.out.printf("RandomForest: %s rows, %s features, %s trees; %d rounds; %s cores; agent %s%n", rows,
                features, trees, rounds, Runtime.getRuntime().availableProcessors(), agent);
        for (int round = 0; round < rounds; round++) {
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
            Collections.rotate(order, round);
            for (int a : order) {
                Sample s = run(arms.get(a), classPath, agent, rows, trees, features);
                samples.get(a).add(s);
                System.out.printf("round %d  %-24s wall %9.1f ms  fit %9.1f ms  cpu %9.1f ms  autologging %7.1f ms%n",
                        round + 1, arms.get(a).name(), s.wallMs(), s.fitMs(), s.cpuMs(), s.autologMs());
            }
        }
        List<Sample> plain = samples.get(0);
        double plainWall = median(plain, Sample::wallMs);
        System.out.printf("%n%-24s %12s %12s %12s | %20s %20s | %22s%n", "medians", "wall", "fit call", "cpu",
                "wall - plain", "cpu - plain", "autologging in fit");
        for (int a = 0; a < arms.size(); a++) {
            List<Sample> s = samples.get(a);
            double[] dWall = new double[rounds];
            double[] dCpu = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                dWall[i] = s.get(i).wallMs() - plain.get(i).wallMs();
                dCpu[i] = s.get(i).cpuMs() - plain.get(i).cpuMs();
            }
            double autolog = median(s, Sample::autologMs);
            System.out.printf("%-24s %9.1f ms %9.1f ms %9.1f ms | %+9.1f ms %+6.2f%% %+9.1f ms %+6.2f%% | %7.1f ms %6.2f%%%n",
                    arms.get(a).name(), median(s, Sample::wallMs), median(s, Sample::fitMs), median(s, Sample::cpuMs),
                    median(dWall), 100 * median(dWall) / plainWall, median(dCpu),
                    100 * median(dCpu) / median(plain, Sample::cpuMs), autolog, 100 * autolog / plainWall);
        }
    }

    private static Sample run(Arm arm, String classPath, Path agent, String rows, String trees, String features)
            throws IOException {
        Path store = Files.createTempDirectory("smile-bench");
        try {
            JavaProcess p = JavaProcess.main(RandomForestWorkload.class, rows, trees, features).classpath(classPath)
                    .env("MLFLOW_TRACKING_URI", "file:" + store).env("MLFLOW_DISABLE_TELEMETRY", "true");
            if (arm.agentArguments() != null) {
                p.jvmArg("-javaagent:" + agent + (arm.agentArguments().isEmpty() ? "" : "=" + arm.agentArguments()));
            }
            long start = System.nanoTime();
            JavaProcess.Result r = p.run(1800);
            double wall = (System.nanoTime() - start) / 1e6;
            if (r.exitCode() != 0) throw new IllegalStateException(arm.name() + " failed: " + r.describe());
            double fit = value(r, "FIT_MS");
            double cpu = value(r, "CPU_MS");
            double autolog = 0;
            if (arm.agentArguments() != null) {
                try (MlflowClient client = new MlflowClient("file:" + store)) {
                    List<Run> runs = client.searchRuns(List.of("0"), "");
                    if (runs.size() != 1) throw new IllegalStateException("expected one run, got " + runs);
                    autolog = fit - runs.get(0).data().metric("fit_time_ms");
                }
            }
            return new Sample(wall, fit, cpu, autolog);
        } finally {
            delete(store);
        }
    }

    private static double value(JavaProcess.Result r, String key) {
        String line = r.stdout().lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + key + " in " + r.describe()));
        return Double.parseDouble(line.split(" ")[1]);
    }

    private static String classPath(Path testClasses) throws IOException {
        String runtime = Files.readString(testClasses.resolveSibling("runtime-classpath.txt")).trim();
        StringBuilder cp = new StringBuilder(testClasses + File.pathSeparator + testClasses.resolveSibling("classes"));
        for (String entry : runtime.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Paths.get(entry).getFileName().toString().startsWith("jmlflow-")) {
                cp.append(File.pathSeparator).append(entry);
            }
        }
        return cp.toString();
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return median(samples.stream().mapToDouble(f).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
