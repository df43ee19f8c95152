package bench;

import io.jmlflow.Mlflow;
import io.jmlflow.annotations.LogMetric;
import io.jmlflow.internal.annotations.TrackedCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of a method the agent instrumented but that is not tracked (annotation handling switched off, as
 * with {@code -Dmlflow.annotations.enabled=false}; the same fast path integrations take when autologging is off),
 * next to an identical method the agent did not touch, in the same JVM; and both again without the agent. Not a
 * test: run it by hand (see {@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class AdviceOverheadBenchmark {
    int epoch = 42;

    /**
     * Same body twice; only the annotation differs, so only one of them gets the agent's advice. Not inlined into
     * the benchmark loop, so each call is a real call, as a library entry point would be.
     */
    static final class Target {
        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        static int plain(int epoch) {
            return epoch * 31 + 7;
        }

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        @LogMetric(value = "m", step = "epoch")
        static int annotated(int epoch) {
            return epoch * 31 + 7;
        }
    }

    /**
     * With the agent, proves the measured method really carries the advice: with annotation handling switched on
     * for one call, it logs (into a throw-away store), which an uninstrumented method cannot do.
     */
    @Setup(Level.Trial)
    public void checkInstrumentation() throws Exception {
        if (System.getProperty("io.jmlflow.agent.installed") == null) return;
        Path store = Files.createTempDirectory("bench-store");
        Mlflow.setTrackingUri("file:" + store);
        TrackedCalls.setEnabled(true);
        Target.annotated(1);
        TrackedCalls.setEnabled(false);
        if (Mlflow.activeRun() == null) throw new IllegalStateException("the agent did not instrument Target.annotated");
        Mlflow.endRun();
        try (var files = Files.walk(store)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int notInstrumented() {
        return Target.plain(epoch);
    }

    @Benchmark
    public int instrumentedUntracked() {
        return Target.annotated(epoch);
    }

    /**
     * Run through {@code bash scripts/bench.sh --only advice}, which builds the class path this needs: the agent
     * jar must be the only copy of the SPI, the integrations and Byte Buddy (the unshaded
     * {@code jmlflow-integration-spi} jar on the test class path names unrelocated Byte Buddy types and would shadow
     * the agent's, failing with {@code NoSuchMethodError}).
     */
    public static void main(String[] args) throws Exception {
        String agent = new File(args.length > 0 ? args[0] : "agent/target-agent/mlflow-agent.jar").getAbsolutePath();
        Options withAgent = new OptionsBuilder().include(AdviceOverheadBenchmark.class.getName() + "\\.")
                .jvmArgsAppend("-javaagent:" + agent, "-Dmlflow.annotations.enabled=false").build();
        Options without = new OptionsBuilder().include(AdviceOverheadBenchmark.class.getName() + "\\.").build();
        Collection<RunResult> a = new Runner(withAgent).run();
        Collection<RunResult> b = new Runner(without).run();
        System.out.println();
        System.out.println("ns per call (mean ± 99.9% error)        with agent          without agent");
        for (RunResult r : a) {
            String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            RunResult other = b.stream().filter(x -> x.getParams().getBenchmark().equals(r.getParams().getBenchmark()))
                    .findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "%-32s %8.3f ± %-6.3f    %8.3f ± %-6.3f%n", name,
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    other.getPrimaryResult().getScore(), other.getPrimaryResult().getScoreError());
        }
    }
}
