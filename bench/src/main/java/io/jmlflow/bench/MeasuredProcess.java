package io.jmlflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child process to its end and measures it as the user's clock and the machine see it: wall time from
 * start to exit, and the CPU time (user + system) of the child and of every descendant it waited for.
 *
 * <p>The CPU time is the {@code cutime + cstime} of this JVM's {@code /proc/self/stat} (what {@code getrusage
 * (RUSAGE_CHILDREN)} and {@code /usr/bin/time} report): the kernel adds a child's whole CPU time there when the child
 * is reaped, which the JDK has done when {@link Process#waitFor} returns. It is exact after the exit, where
 * {@code ProcessHandle.info().totalCpuDuration()} has nothing left to read; it counts every thread the child ever had,
 * including those that ended early. The difference across one run is that run's only if no other child of this
 * JVM ends meanwhile: callers run their children one at a time. Linux only (elsewhere the CPU time is NaN).
 */
final class MeasuredProcess {
    /** One finished run: wall and CPU time in ms, the exit code and the combined output. */
    record Result(double wallMs, double cpuMs, int exitCode, String output) {
    }

    /** Something to do every {@code POLL_MS} while the child runs (per-thread CPU), given the child's pid. */
    interface Poller {
        void poll(long pid);
    }

    static final long POLL_MS = 20;
    private static final Path SELF_STAT = Paths.get("/proc/self/stat");
    private static volatile double msPerTick;

    private MeasuredProcess() {
    }

    /**
     * Runs {@code command} in {@code workDir} with the inherited environment minus anything that would configure
     * MLflow or the JVM behind the benchmark's back ({@code MLFLOW_*}, {@code JAVA_TOOL_OPTIONS}, ...), plus
     * {@code env}; its output goes to {@code log}. Fails when it does not end within {@code timeoutMinutes}.
     */
    static Result run(List<String> command, Path workDir, Map<String, String> env, Path log, long timeoutMinutes,
                      Poller poller) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        environment.put("MLFLOW_DISABLE_TELEMETRY", "true");
        environment.putAll(env);
        double cpuBefore = reapedChildrenCpuMs();
        long start = System.nanoTime();
        Process p = pb.start();
        long deadline = start + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        boolean ended;
        if (poller == null) {
            ended = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        } else {
            do {
                poller.poll(p.pid());
                ended = p.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
            } while (!ended && System.nanoTime() < deadline);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        if (!ended) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutMinutes
                    + " minutes (output: " + log + ")");
        }
        double cpu = reapedChildrenCpuMs() - cpuBefore;
        return new Result(wall, cpu, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** {@code cutime + cstime} of this JVM in ms: the CPU time of its reaped children; NaN where unreadable. */
    static double reapedChildrenCpuMs() {
        double perTick = msPerTick(); // first: its getconf child must be reaped before the read
        try {
            String stat = Files.readString(SELF_STAT);
            // fields after "(comm)": state is field 3, cutime 16 and cstime 17 (proc(5))
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * perTick;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Milliseconds per clock tick ({@code getconf CLK_TCK}, 100 on Linux unless told otherwise). */
    static double msPerTick() {
        if (msPerTick == 0) {
            double hz = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) hz = Double.parseDouble(out);
            } catch (IOException | RuntimeException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            msPerTick = 1000 / hz;
        }
        return msPerTick;
    }
}
