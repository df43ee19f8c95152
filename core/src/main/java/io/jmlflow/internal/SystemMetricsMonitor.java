package io.jmlflow.internal;

import io.jmlflow.ActiveRun;
import io.jmlflow.MlflowConfig;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Logs MLflow's system metrics for one active run from a daemon thread: every
 * {@code system.metrics.sampling.interval} seconds (MLflow's {@code MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL},
 * default 10, fractions allowed) one point of each {@code system/*} key, with step = sample index. Keys as MLflow:
 * {@code cpu_utilization_percentage}, {@code system_memory_usage_megabytes},
 * {@code system_memory_usage_percentage}, {@code gpu_<i>_*} where {@code nvidia-smi} answers; plus
 * {@code jvm_heap_used_megabytes} and {@code jvm_gc_time_ms} (total GC time since the JVM started). Megabytes are
 * 10^6 bytes, as MLflow's. Stops when the run ends; never keeps the JVM alive.
 */
public final class SystemMetricsMonitor {
    public static final String SAMPLING_INTERVAL = "system.metrics.sampling.interval";
    public static final String THREAD_PREFIX = "mlflow-system-metrics-";
    private static final String PREFIX = "system/";
    private static final Map<String, SystemMetricsMonitor> BY_RUN = new ConcurrentHashMap<>();

    private final ActiveRun run;
    private final long intervalMillis;
    private final Sampler sampler = new Sampler();
    private final Object lock = new Object();
    private volatile boolean stopped;
    private Thread thread;

    private SystemMetricsMonitor(ActiveRun run, long intervalMillis) {
        this.run = run;
        this.intervalMillis = intervalMillis;
    }

    /** Starts monitoring {@code run} (once per run id). Never throws. */
    public static void start(ActiveRun run) {
        try {
            double seconds = MlflowConfig.getDouble(SAMPLING_INTERVAL, 10);
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                Log.warnOnce("system-metrics-interval", SAMPLING_INTERVAL + "=" + MlflowConfig.get(SAMPLING_INTERVAL)
                        + " is not a positive number of seconds; using 10");
                seconds = 10;
            }
            long millis = Math.max(10, Math.round(seconds * 1000));
            SystemMetricsMonitor m = new SystemMetricsMonitor(run, millis);
            if (BY_RUN.putIfAbsent(run.runId(), m) != null) return;
            Thread t = new Thread(new Runnable() { // not a lambda: linking one costs a run's start ~1 ms
                @Override
                public void run() {
                    m.loop();
                }
            }, THREAD_PREFIX + run.runId());
            t.setDaemon(true);
            m.thread = t;
            t.start();
        } catch (Throwable e) {
            BY_RUN.remove(run.runId());
            Log.warnOnce("system-metrics-start", "could not start system metrics logging: " + e);
        }
    }

    /** Stops monitoring the run: after this returns no further point is logged for it. Never throws. */
    public static void stop(String runId) {
        SystemMetricsMonitor m = runId == null ? null : BY_RUN.remove(runId);
        if (m != null) m.halt();
    }

    /** Stops monitoring {@code run} (whose id may have changed since: a server gave it one). Never throws. */
    public static void stop(ActiveRun run) {
        for (Map.Entry<String, SystemMetricsMonitor> e : BY_RUN.entrySet()) {
            if (e.getValue().run == run) stop(e.getKey());
        }
    }

    /** Stops every monitor (tests, session reset). */
    public static void stopAll() {
        for (String runId : new ArrayList<>(BY_RUN.keySet())) stop(runId);
    }

    /** True while a monitor runs for {@code runId}. */
    public static boolean isMonitoring(String runId) {
        return BY_RUN.containsKey(runId);
    }

    private void halt() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000); // a sample in progress (nvidia-smi) may hold it briefly; it logs nothing after stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        try {
            sampler.prime();
            long step = 0;
            while (waitInterval()) {
                Map<String, Double> values = sampler.sample();
                synchronized (lock) {
                    if (stopped || run.isEnded()) return;
                    long now = System.currentTimeMillis();
                    for (Map.Entry<String, Double> e : values.entrySet()) {
                        run.logMetric(PREFIX + e.getKey(), e.getValue(), step, now);
                    }
                }
                step++;
            }
        } catch (Throwable e) {
            Log.warnOnce("system-metrics-loop", "system metrics logging stopped for run " + run.runId() + ": " + e);
        } finally {
            BY_RUN.remove(run.runId(), this);
        }
    }

    /** Waits one interval; false once stopped. */
    private boolean waitInterval() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        synchronized (lock) {
            while (!stopped && !run.isEnded()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return true;
                lock.wait(left);
            }
            return false;
        }
    }

    /** Takes one sample of every metric this machine can answer (keys without the "system/" prefix). */
    static Map<String, Double> sampleOnce() {
        Sampler s = new Sampler();
        s.prime();
        return s.sample();
    }

    /** Reads the numbers; keeps what a CPU-load delta needs between samples. */
    static final class Sampler {
        private static volatile Boolean nvidiaSmiPresent;
        private long[] lastProcStat;

        /** The baseline of the first CPU delta: /proc/stat's counters, or the JVM's own load figure without it. */
        void prime() {
            procStatPercent();
            if (lastProcStat == null) osCpuPercent();
        }

        Map<String, Double> sample() {
            Map<String, Double> out = new LinkedHashMap<>();
            double cpu = cpuPercent();
            if (cpu >= 0) out.put("cpu_utilization_percentage", round1(cpu));
            memory(out);
            gpu(out);
            out.put("jvm_heap_used_megabytes",
                    round1(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6));
            long gc = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                long t = b.getCollectionTime();
                if (t > 0) gc += t;
            }
            out.put("jvm_gc_time_ms", (double) gc);
            return out;
        }

        /**
         * Whole-machine CPU use in percent since the previous sample, as psutil's {@code cpu_percent()} (MLflow's
         * figure): from /proc/stat, else from the JVM; -1 when unknown. (Priming reads only /proc/stat: the JVM's
         * operating-system bean costs a run's start ~20 ms of class loading and cgroup probing.)
         */
        private double cpuPercent() {
            if (lastProcStat != null) {
                double fromProc = procStatPercent();
                if (fromProc >= 0) return fromProc;
            }
            return osCpuPercent();
        }

        private static double osCpuPercent() {
            try {
                if (ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os) {
                    double load = os.getCpuLoad();
                    if (load >= 0 && !Double.isNaN(load)) return load * 100;
                }
            } catch (Throwable ignored) {
                // not a HotSpot-like JVM
            }
            return -1;
        }

        private double procStatPercent() {
            Path stat = Paths.get("/proc/stat");
            if (!Files.isReadable(stat)) return -1;
            try (BufferedReader r = Files.newBufferedReader(stat, StandardCharsets.US_ASCII)) {
                String line = r.readLine();
                if (line == null || !line.startsWith("cpu ")) return -1;
                String[] f = line.trim().split("\\s+");
                long[] now = new long[f.length - 1];
                for (int i = 1; i < f.length; i++) now[i - 1] = Long.parseLong(f[i]);
                long[] before = lastProcStat;
                lastProcStat = now;
                if (before == null || before.length != now.length) return -1;
                long total = 0;
                long idle = 0;
                // user nice system idle iowait irq softirq steal [guest guest_nice: already counted in user/nice]
                for (int i = 0; i < Math.min(now.length, 8); i++) {
                    long d = now[i] - before[i];
                    total += d;
                    if (i == 3 || i == 4) idle += d;
                }
                return total <= 0 ? -1 : 100.0 * (total - idle) / total;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** Used = total - available (as psutil on Linux), else total - free from the JVM. */
        private static void memory(Map<String, Double> out) {
            long total = -1;
            long available = -1;
            Path meminfo = Paths.get("/proc/meminfo");
            if (Files.isReadable(meminfo)) {
                try {
                    for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
                        if (line.startsWith("MemTotal:")) total = kib(line);
                        else if (line.startsWith("MemAvailable:")) available = kib(line);
                    }
                } catch (IOException | RuntimeException e) {
                    total = available = -1;
                }
            }
            if (total <= 0 || available < 0) {
                try {
                    if (ManagementFactory.getOperatingSystemMXBean()
                            instanceof com.sun.management.OperatingSystemMXBean os) {
                        total = os.getTotalMemorySize();
                        available = os.getFreeMemorySize();
                    }
                } catch (Throwable ignored) {
                    return;
                }
            }
            if (total <= 0 || available < 0) return;
            long used = total - available;
            out.put("system_memory_usage_megabytes", round1(used / 1e6));
            out.put("system_memory_usage_percentage", round1(100.0 * used / total));
        }

        private static long kib(String meminfoLine) {
            String[] f = meminfoLine.trim().split("\\s+");
            return Long.parseLong(f[1]) * 1024;
        }

        private static void gpu(Map<String, Double> out) {
            if (!hasNvidiaSmi()) return;
            List<String> lines = new ArrayList<>();
            try {
                Process p = new ProcessBuilder("nvidia-smi",
                        "--query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,power.limit",
                        "--format=csv,noheader,nounits").redirectErrorStream(true).start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                }
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return;
                }
                if (p.exitValue() != 0) {
                    nvidiaSmiPresent = false;
                    Log.warnOnce("system-metrics-gpu", "nvidia-smi exited " + p.exitValue()
                            + "; GPU system metrics are not logged");
                    return;
                }
            } catch (IOException e) {
                nvidiaSmiPresent = false;
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            parseNvidiaSmi(lines, out);
        }

        /** Parses {@code index, util %, mem used MiB, mem total MiB, power W, power limit W} lines. */
        static void parseNvidiaSmi(List<String> lines, Map<String, Double> out) {
            for (String line : lines) {
                String[] f = line.split(",");
                if (f.length < 6) continue;
                String i = f[0].trim();
                if (!i.matches("\\d+")) continue;
                String g = "gpu_" + i + "_";
                double util = number(f[1]);
                double used = number(f[2]);
                double total = number(f[3]);
                double power = number(f[4]);
                double limit = number(f[5]);
                if (!Double.isNaN(used) && !Double.isNaN(total) && total > 0) {
                    out.put(g + "memory_usage_percentage", round1(100 * used / total));
                }
                if (!Double.isNaN(used)) out.put(g + "memory_usage_megabytes", round1(used * 1.048576));
                if (!Double.isNaN(util)) out.put(g + "utilization_percentage", util);
                if (!Double.isNaN(power)) {
                    out.put(g + "power_usage_watts", power);
                    if (!Double.isNaN(limit) && limit > 0) out.put(g + "power_usage_percentage", round1(100 * power / limit));
                }
            }
        }

        private static double number(String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN; // "[N/A]", "[Not Supported]"
            }
        }

        /** One PATH probe per JVM. */
        private static boolean hasNvidiaSmi() {
            Boolean present = nvidiaSmiPresent;
            if (present == null) {
                present = false;
                String path = System.getenv("PATH");
                if (path != null) {
                    for (String dir : path.split(File.pathSeparator)) {
                        if (dir.isEmpty()) continue;
                        File f = new File(dir, "nvidia-smi");
                        if (f.isFile() && f.canExecute()) {
                            present = true;
                            break;
                        }
                    }
                }
                nvidiaSmiPresent = present;
            }
            return present;
        }

        private static double round1(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }
}
