package io.jmlflow.integrations.tribuo.e2e.bench;

import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The agent's overhead on a Tribuo CART fit (not a test: run it by hand, on a quiet machine if possible). Each
 * round runs {@link TribuoFitWorkload} in fresh JVMs side by side, without the agent and with it (everything on:
 * model, dataset input, training metrics, plots, estimator.html into a fresh file store); the order alternates.
 * Reported as medians over the rounds: the {@code train} call's wall time (what the user's thread waits for; the
 * post-training work runs after it returns) and the whole process's wall time (which includes that work, finished
 * before the JVM exits). The last lines are {@code TABLE|...} lines for the benchmark table.
 *
 * <pre>mvn -o -Djm.target=target-tribuo -pl integrations/tribuo/e2e -am verify -DskipTests
 * java -cp "$(cat integrations/tribuo/e2e/target-tribuo/test-classpath.txt):integrations/tribuo/e2e/target-tribuo/test-classes" \
 *     -Dmlflow.agent.jar=agent/target-tribuo/mlflow-agent.jar \
 *     io.jmlflow.integrations.tribuo.e2e.bench.TribuoOverheadBenchmark [rounds] [rows] [features]</pre>
 * The child JVMs get the application's class path only (Tribuo and the workload); jmlflow comes from the agent.
 */
public final class TribuoOverheadBenchmark {
    private record Sample(double fitMs, double wallMs) {
    }

    private TribuoOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String rows = args.length > 1 ? args[1] : "50000";
        String features = args.length > 2 ? args[2] : "20";
        Path agent = Paths.get(System.getProperty("mlflow.agent.jar", "agent/target-tribuo/mlflow-agent.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(agent)) throw new IllegalStateException("agent jar not built: " + agent);
        // what a user's JVM has: the workload, Tribuo and its dependencies; no jmlflow
        String classPath = AppClassPath.of(TribuoFitWorkload.class);
        List<Sample> plain = new ArrayList<>();
        List<Sample> traced = new ArrayList<>();
        System.out.printf("Tribuo CART (depth 10): %s rows, %s features; %d rounds; %d cores; agent %s%n", rows, features,
                rounds, Runtime.getRuntime().availableProcessors(), agent);
        for (int round = 0; round < rounds; round++) {
            boolean plainFirst = round % 2 == 0;
            for (int i = 0; i < 2; i++) {
                boolean withAgent = plainFirst == (i == 1);
                Sample s = run(withAgent ? agent : null, classPath, rows, features);
                (withAgent ? traced : plain).add(s);
                System.out.printf(Locale.ROOT, "round %d  %-6s fit %9.1f ms  wall %9.1f ms%n", round + 1,
                        withAgent ? "agent" : "plain", s.fitMs(), s.wallMs());
            }
        }
        double plainFit = median(plain, true);
        double tracedFit = median(traced, true);
        double plainWall = median(plain, false);
        double tracedWall = median(traced, false);
        System.out.printf(Locale.ROOT, "%nmedians: fit plain %.1f ms, agent %.1f ms (%+.1f%%); wall plain %.1f ms, agent %.1f ms (%+.1f%%)%n",
                plainFit, tracedFit, 100 * (tracedFit / plainFit - 1), plainWall, tracedWall, 100 * (tracedWall / plainWall - 1));
        System.out.printf(Locale.ROOT, "TABLE|Tribuo CART %s rows fit call, agent (all on)|%+.1f%% wall|same fit without agent|%.3f%n",
                rows, 100 * (tracedFit / plainFit - 1), tracedFit / plainFit);
        System.out.printf(Locale.ROOT, "TABLE|Tribuo CART %s rows whole process, agent (all on)|%+.1f%% wall|same process without agent|%.3f%n",
                rows, 100 * (tracedWall / plainWall - 1), tracedWall / plainWall);
    }

    private static Sample run(Path agent, String classPath, String rows, String features) throws IOException {
        Path dir = Files.createTempDirectory("tribuo-bench");
        try {
            JavaProcess p = JavaProcess.main(TribuoFitWorkload.class, rows, features).classpath(classPath)
                    .jvmArg("-Xmx2g").workDir(dir).env("MLFLOW_TRACKING_URI", "file:" + dir.resolve("mlruns"));
            if (agent != null) p = p.jvmArg("-javaagent:" + agent);
            long start = System.nanoTime();
            JavaProcess.Result r = p.run(600);
            double wallMs = (System.nanoTime() - start) / 1e6;
            if (r.exitCode() != 0) throw new IllegalStateException(r.describe());
            double fitMs = Double.NaN;
            for (String line : r.stdout().split("\n")) {
                if (line.startsWith("fit_ms=")) fitMs = Double.parseDouble(line.substring(7).trim());
            }
            return new Sample(fitMs, wallMs);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double median(List<Sample> samples, boolean fit) {
        List<Double> v = new ArrayList<>();
        for (Sample s : samples) v.add(fit ? s.fitMs() : s.wallMs());
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
