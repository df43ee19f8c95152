package io.jmlflow.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's Java threads spent their time, from a JFR recording ({@link #option}): execution samples by thread
 * (with the code it runs), by method (self) and by package group anywhere on the stack (inclusive), which code
 * started the threads, and the long waits (park, monitor wait,
 * sleep of 10 ms or more) by thread and the first frame outside the JDK. Execution samples cover Java code only:
 * the JIT compilers' and the collector's CPU time, and a Java thread's time inside the VM (class loading and linking
 * among it), are in the per-thread CPU time ({@link ThreadCpuPoller}) only.
 */
final class JfrSummary {
    private JfrSummary() {
    }

    /** JFR's profile settings with execution samples every millisecond instead of every 10 (short programs). */
    static Path settings(Path dir) throws IOException {
        Path profile = Paths.get(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        String jfc = Files.readString(profile);
        Matcher m = Pattern.compile("(<event name=\"jdk.ExecutionSample\">.*?<setting name=\"period\"[^>]*>)([^<]*)(<)",
                Pattern.DOTALL).matcher(jfc);
        if (!m.find()) throw new IllegalStateException("no jdk.ExecutionSample period in " + profile);
        Path out = dir.resolve("profile-1ms.jfc");
        Files.writeString(out, jfc.substring(0, m.start(2)) + "1 ms" + jfc.substring(m.end(2)));
        return out;
    }

    /** The JVM option that records to {@code file} with {@code settings}. */
    static String option(Path file, Path settings) {
        return "-XX:StartFlightRecording=filename=" + file + ",settings=" + settings + ",dumponexit=true";
    }

    static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Duration> waits = new HashMap<>();
        Map<String, String> starts = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedStackTrace stack = e.getStackTrace();
                byThread.merge(threadName(e.getThread("sampledThread")) + " <- " + outermostOutsideJdk(stack), 1,
                        Integer::sum);
                if (stack == null || stack.getFrames().isEmpty()) continue;
                selfMethods.merge(method(stack.getFrames().get(0)), 1, Integer::sum);
                Set<String> groups = new HashSet<>();
                for (RecordedFrame f : stack.getFrames()) {
                    if (f.getMethod() != null) groups.add(ClassLoadLog.group(f.getMethod().getType().getName()));
                }
                for (String g : groups) inclusive.merge(g, 1, Integer::sum);
            } else if (type.equals("jdk.ThreadStart")) {
                String name = ThreadCpuPoller.group(threadName(e.getThread("thread")));
                if (name.equals("?")) continue;
                String parent = e.hasField("parentThread") ? threadName(e.getThread("parentThread")) : "?";
                starts.putIfAbsent(name, "started by " + parent + " in " + firstOutsideJdk(e.getStackTrace()));
            } else if (type.equals("jdk.ThreadPark") || type.equals("jdk.JavaMonitorWait")
                    || type.equals("jdk.ThreadSleep")) {
                String where = threadName(e.getThread()) + " in " + firstOutsideJdk(e.getStackTrace()) + " ("
                        + type.substring(4) + ")";
                waits.merge(where, e.getDuration(), Duration::plus);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  %d execution samples of Java threads running Java code (asked for"
                + " every 1 ms; fewer on a busy machine)%n",
                samples));
        b.append("  by thread, and its outermost frame outside the JDK (what it runs):\n");
        appendTop(b, byThread, samples, top);
        b.append("  by method (self, the top frame):\n");
        appendTop(b, selfMethods, samples, top);
        b.append("  by package group anywhere on the stack (inclusive):\n");
        appendTop(b, inclusive, samples, top);
        b.append("  threads started after the recording began (numbers folded), by whom:\n");
        starts.forEach((name, by) -> b.append("    ").append(name).append(": ").append(by).append('\n'));
        b.append("  waits of 10 ms or more (total per thread and first frame outside the JDK):\n");
        waits.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(top)
                .forEach(w -> b.append(String.format(Locale.ROOT, "    %8.0f ms  %s%n", w.getValue().toNanos() / 1e6,
                        w.getKey())));
        return b.toString();
    }

    private static void appendTop(StringBuilder b, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(c -> b.append(String.format(Locale.ROOT, "    %6d  %5.1f%%  %s%n", c.getValue(),
                        100.0 * c.getValue() / Math.max(1, samples), c.getKey())));
    }

    private static String threadName(RecordedThread t) {
        return t == null ? "?" : t.getJavaName() != null ? t.getJavaName() : t.getOSName();
    }

    private static String method(RecordedFrame f) {
        return f.getMethod() == null ? "?" : f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The outermost (bottom) frame outside the JDK: the code a thread was started to run. */
    private static String outermostOutsideJdk(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) return "?";
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (!isJdk(frames.get(i))) return method(frames.get(i));
        }
        return method(frames.get(frames.size() - 1)) + (stack.isTruncated() ? " (stack truncated)" : "");
    }

    private static boolean isJdk(RecordedFrame f) {
        return f.getMethod() == null
                || ClassLoadLog.area(ClassLoadLog.group(f.getMethod().getType().getName())).equals("JDK");
    }

    private static String firstOutsideJdk(RecordedStackTrace stack) {
        if (stack == null) return "?";
        List<RecordedFrame> frames = stack.getFrames();
        for (RecordedFrame f : frames) {
            if (!isJdk(f)) return method(f);
        }
        return frames.isEmpty() ? "?" : method(frames.get(0));
    }
}
