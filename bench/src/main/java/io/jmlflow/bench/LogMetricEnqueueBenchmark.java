package io.jmlflow.bench;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code logMetric} costs the training thread: the public call on an active run, which validates the point and
 * appends it to the async logger's buffer. The writer thread meanwhile drains the buffer into a real file store in
 * a temporary folder, as in training. Sampled per call, so the median is the usual cost and calls that waited
 * for the writer (the buffer was full: JMH logs far faster than any training loop) show only in the tail.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dmlflow.async.max.pending=1000000"})
public class LogMetricEnqueueBenchmark {
    private static final String[] KEYS = {"loss", "accuracy", "lr", "val_loss", "val_accuracy"};
    private Path store;
    private ActiveRun run;
    private long step;

    @Setup(Level.Trial)
    public void startRun() throws IOException {
        store = Files.createTempDirectory("jmlflow-jmh");
        Mlflow.setTrackingUri("file://" + store.resolve("mlruns"));
        run = Mlflow.startRun("jmh-enqueue");
    }

    @Benchmark
    public ActiveRun logMetric() {
        long s = step++;
        return run.logMetric(KEYS[(int) (s % KEYS.length)], s * 0.5, s);
    }

    @TearDown(Level.Trial)
    public void endRun() throws IOException {
        run.close();
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
