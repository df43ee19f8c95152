package io.jmlflow.integrations.smile.e2e.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used so far by this JVM's threads, by kind, read from {@code /proc/self/task} (Linux; empty elsewhere):
 * {@code training} (the main thread and the common pool's, where Smile trains), {@code autolog} (our threads, named
 * {@code mlflow-*}), {@code jit} (the compiler threads), {@code gc}, {@code other} (the JVM's other threads), and
 * {@code process} (the whole process, including threads that ended: they are not counted in the other kinds).
 */
final class ThreadCpu {
    private static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    private ThreadCpu() {
    }

    static Map<String, Double> byKind() {
        Path tasks = Paths.get("/proc/self/task");
        if (!Files.isDirectory(tasks)) return Map.of();
        Map<String, Double> out = new TreeMap<>(Map.of("training", 0.0, "autolog", 0.0, "jit", 0.0, "gc", 0.0,
                "other", 0.0, "process", processCpuMillis()));
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path t : threads) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK; // utime + stime
                // the main thread is "java" in /proc (the launcher's thread name)
                String kind = name.equals("java") || name.equals("main") || name.startsWith("ForkJoinPool")
                        ? "training"
                        : name.startsWith("mlflow") || name.startsWith("jmlflow") ? "autolog"
                        : name.contains("CompilerThre") ? "jit"
                        : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc" : "other";
                out.merge(kind, ms, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            // what was read so far
        }
        return out;
    }

    /** The whole process's CPU time so far, in ms (0 where the JVM does not say). */
    static double processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e6 : 0;
    }

    /** {@code after - before}, kind by kind, as {@code KIND=ms} words. */
    static String difference(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder b = new StringBuilder();
        after.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.0f", v - before.getOrDefault(k, 0.0))));
        return b.toString();
    }
}
