package io.jmlflow.bench;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Soak run (not in CI): logs metrics continuously through the async logger into a file store for a number of
 * minutes, at a steady rate, one new run per minute (each finished run's folder is deleted so the disk stays
 * bounded too), and prints the heap in use after a GC every 10 seconds. Memory is bounded when the later samples
 * stay at the level of the early ones.
 *
 * <p>Arguments: {@code minutes [points per second, default 100000]}.
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(args[0]);
        long rate = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("jmlflow-soak");
        Mlflow.setTrackingUri("file://" + dir.resolve("mlruns"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long start = System.nanoTime();
        long points = 0;
        int runs = 0;
        List<Double> heap = new ArrayList<>();
        System.out.printf(Locale.ROOT, "[soak] %.1f min at %,d points/s into %s; heap max %d MB%n", minutes, rate, dir,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("[soak]  elapsed    points logged   runs   heap used after GC (MB)");
        long nextSample = start;
        while (System.nanoTime() < end) {
            ActiveRun run = Mlflow.startRun("soak-" + runs);
            long runEnd = Math.min(end, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            long step = 0;
            while (System.nanoTime() < runEnd) {
                // paced in 10 ms slices: a training loop logs in bursts, never all at once
                long sliceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
                for (long i = 0; i < rate / 100; i++) run.logMetric("m" + (step % 10), step * 1e-3, step++);
                points += rate / 100;
                long left = sliceEnd - System.nanoTime();
                if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
                if (System.nanoTime() >= nextSample) {
                    System.gc();
                    double used = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
                    heap.add(used);
                    System.out.printf(Locale.ROOT, "[soak] %6.0f s %,16d %6d %12.1f%n",
                            (System.nanoTime() - start) / 1e9, points, runs + 1, used);
                    nextSample += TimeUnit.SECONDS.toNanos(10);
                }
            }
            String runId = run.runId();
            String experimentId = run.experimentId();
            run.close();
            runs++;
            delete(dir.resolve("mlruns").resolve(experimentId).resolve(runId));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int q = Math.max(1, heap.size() / 4);
        double early = heap.subList(0, q).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double late = heap.subList(heap.size() - q, heap.size()).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf(Locale.ROOT, "[soak] %,d points in %d runs, %.0f s (%,.0f points/s); heap after GC: first quarter"
                        + " max %.1f MB, last quarter max %.1f MB -> %s%n", points, runs, seconds, points / seconds, early,
                late, late <= early * 1.5 + 16 ? "bounded" : "GROWING");
        delete(dir);
        System.exit(0);
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
