package io.jmlflow.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of a running child's threads, read from {@code /proc/<pid>/task/<tid>/stat} each time {@link #poll} is
 * called (every {@link MeasuredProcess#POLL_MS} ms while it runs), keeping each thread's last figure: after the exit,
 * what each thread used, short of its last poll interval. Threads that lived less than one interval may be missed;
 * the whole process's CPU time ({@link MeasuredProcess}) tells how much that was. Linux only.
 */
final class ThreadCpuPoller implements MeasuredProcess.Poller {
    private record Seen(String name, double cpuMs) {
    }

    private final Map<Long, Seen> threads = new HashMap<>();

    @Override
    public void poll(long pid) {
        Path tasks = Paths.get("/proc", Long.toString(pid), "task");
        double perTick = MeasuredProcess.msPerTick();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path t : dir) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * perTick; // utime + stime
                threads.put(Long.parseLong(t.getFileName().toString()), new Seen(name, ms));
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile: what was read before stays
        }
    }

    /**
     * CPU ms by thread group: the kernel's thread name (15 characters at most; the JVM's main thread shows as
     * {@code java}) with thread numbers folded ({@code GC Thread#0} and {@code #1} are {@code GC Thread#*};
     * {@code C1} and {@code C2} compiler threads stay apart).
     */
    Map<String, Double> byGroup() {
        Map<String, Double> out = new TreeMap<>();
        for (Seen s : threads.values()) out.merge(group(s.name()), s.cpuMs(), Double::sum);
        return out;
    }

    static String group(String threadName) {
        return threadName.replaceAll("(?<=[#-])[0-9]+|[0-9]+$", "*");
    }
}
