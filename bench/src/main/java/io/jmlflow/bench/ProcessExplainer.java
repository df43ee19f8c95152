package io.jmlflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench.sh --explain [keys]}: for each program of the process section ({@link ProcessBenchmark}),
 * where the agent's extra time goes. One run without and one with the agent, each with {@code -Xlog:class+load} and
 * its threads' CPU time polled from {@code /proc} ({@link ThreadCpuPoller}): the classes loaded by package group,
 * the difference first, and the CPU time by thread. Then one more run with the agent under JFR ({@link JfrSummary}):
 * execution samples by thread, method and package, and the long waits. (The fluent loop runs without an agent:
 * its one run is shown alone.) Single runs, with logging or recording on: figures to explain the table's, not to
 * replace them. The programs run under {@link ExplainMain}, which marks when {@code main} starts and returns, so the
 * wall time splits into the JVM's start, the program and the exit. The report is printed and kept in
 * {@code <logs>/explain-<key>.txt}.
 */
final class ProcessExplainer {
    /** Package groups whose counts differ by less than this are summed into one line. */
    private static final int SMALL = 5;
    private static final int TOP = 15;

    private final String java;
    private final Path tmp;
    private final Path logs;

    ProcessExplainer(String java, Path tmp, Path logs) {
        this.java = java;
        this.tmp = tmp;
        this.logs = logs;
    }

    /** Explains the programs named in {@code keys} (all when empty). */
    void explain(List<String> keys) throws Exception {
        Path settings = JfrSummary.settings(tmp);
        for (ProcessBenchmark.Program p : ProcessBenchmark.programs()) {
            if (!keys.isEmpty() && !keys.contains(p.key())) continue;
            String report;
            try {
                report = explain(p, settings);
            } catch (Exception | Error e) {
                report = "== " + p.key() + ": " + p.what() + "\n  FAILED: " + e + "\n";
            }
            System.out.println(report);
            Files.writeString(logs.resolve("explain-" + p.key() + ".txt"), report, StandardCharsets.UTF_8);
        }
    }

    private String explain(ProcessBenchmark.Program p, Path settings) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("explain").resolve(p.key()));
        try {
            StringBuilder b = new StringBuilder("== " + p.key() + ": " + p.what() + "\n");
            Path agent = p.usesAgent() ? ProcessBenchmark.agentJar() : null;
            // an untimed run first (with the agent, if any): caches and the store's schema, as in the table
            run(p, agent, List.of(), dir, "warmup", null);
            Observed plain = observed(p, null, dir, "plain");
            Observed traced = agent == null ? null : observed(p, agent, dir, "agent");
            b.append(String.format(Locale.ROOT, "process (single runs, class-load logging on): without the agent"
                    + " %.0f ms wall, %.0f ms CPU", plain.run.wallMs(), plain.run.cpuMs()));
            if (traced != null) {
                b.append(String.format(Locale.ROOT, "; with it %.0f ms wall, %.0f ms CPU", traced.run.wallMs(),
                        traced.run.cpuMs()));
            }
            b.append('\n');
            timeline(b, plain, traced);
            classes(b, plain.classes, traced == null ? null : traced.classes);
            threads(b, plain, traced);
            Path recording = dir.resolve("agent.jfr");
            run(p, agent, List.of(JfrSummary.option(recording, settings)), dir, "jfr", null);
            b.append(agent == null ? "JFR, the run:\n" : "JFR, a run with the agent:\n");
            b.append(JfrSummary.summarize(recording, TOP));
            return b.toString();
        } finally {
            BenchTable.deleteTree(dir);
        }
    }

    /**
     * One run's process figures, when {@code main} started and returned (ms after the launch), classes loaded and
     * CPU time by thread.
     */
    private record Observed(MeasuredProcess.Result run, double mainStartMs, double mainEndMs, ClassLoadLog classes,
                            Map<String, Double> threads) {
    }

    private Observed observed(ProcessBenchmark.Program p, Path agent, Path dir, String name) throws Exception {
        Path classLog = logs.resolve("explain-" + p.key() + "-" + name + "-classes.log");
        ThreadCpuPoller poller = new ThreadCpuPoller();
        long launch = System.currentTimeMillis();
        MeasuredProcess.Result r = run(p, agent, List.of(ClassLoadLog.option(classLog)), dir, name, poller);
        return new Observed(r, marker(r, "EXPLAIN_MAIN_START_MS") - launch, marker(r, "EXPLAIN_MAIN_END_MS") - launch,
                ClassLoadLog.read(classLog), poller.byGroup());
    }

    private static double marker(MeasuredProcess.Result r, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " ([0-9]+)").matcher(r.output());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Runs the program under {@link ExplainMain}, which marks when its {@code main} starts and returns. */
    private MeasuredProcess.Result run(ProcessBenchmark.Program p, Path agent, List<String> jvmArgs, Path dir,
                                       String name, ThreadCpuPoller poller) throws Exception {
        Path work = Files.createDirectories(dir.resolve(agent == null ? "plain" : "agent"));
        Path log = logs.resolve("explain-" + p.key() + "-" + name + ".log");
        String wrapperClassPath = Paths.get(ExplainMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        MeasuredProcess.Result r = MeasuredProcess.run(p.wrapped(java, agent, jvmArgs, ExplainMain.class,
                wrapperClassPath), work, p.javaEnv(), log, 30, poller);
        if (r.exitCode() != 0) throw new IllegalStateException(p.key() + " (" + name + ") exited " + r.exitCode()
                + "; output in " + log);
        return r;
    }

    /** The wall time split at {@code main}'s start and return: the JVM's start, the program, the exit. */
    private static void timeline(StringBuilder b, Observed plain, Observed agent) {
        b.append("wall time, ms (the JVM's start to main / main / main's return to the process's end):\n");
        b.append(String.format(Locale.ROOT, "    without the agent %6.0f / %6.0f / %6.0f%n", plain.mainStartMs,
                plain.mainEndMs - plain.mainStartMs, plain.run.wallMs() - plain.mainEndMs));
        if (agent == null) return;
        b.append(String.format(Locale.ROOT, "    with it           %6.0f / %6.0f / %6.0f%n", agent.mainStartMs,
                agent.mainEndMs - agent.mainStartMs, agent.run.wallMs() - agent.mainEndMs));
        b.append(String.format(Locale.ROOT, "    difference        %+6.0f / %+6.0f / %+6.0f%n",
                agent.mainStartMs - plain.mainStartMs,
                (agent.mainEndMs - agent.mainStartMs) - (plain.mainEndMs - plain.mainStartMs),
                (agent.run.wallMs() - agent.mainEndMs) - (plain.run.wallMs() - plain.mainEndMs)));
    }

    private static void classes(StringBuilder b, ClassLoadLog plain, ClassLoadLog agent) {
        if (agent == null) {
            b.append(String.format(Locale.ROOT, "classes loaded: %d (%d from the CDS archive, %d hidden: lambdas,"
                    + " method handles)%n  by package group:%n", plain.total, plain.fromCds, plain.hidden));
            plain.byGroup.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(2L * TOP).forEach(e -> b.append(String.format(Locale.ROOT, "    %6d  %s%n", e.getValue(),
                            e.getKey())));
            return;
        }
        b.append(String.format(Locale.ROOT, "classes loaded: without the agent %d (%d from the CDS archive, %d hidden),"
                        + " with it %d (%d from CDS, %d hidden): %+d%n", plain.total, plain.fromCds, plain.hidden,
                agent.total, agent.fromCds, agent.hidden, agent.total - plain.total));
        Map<String, int[]> areas = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        int smallPlus = 0;
        int smallGroups = 0;
        TreeSet<String> groups = new TreeSet<>(plain.byGroup.keySet());
        groups.addAll(agent.byGroup.keySet());
        for (String g : groups) {
            int without = plain.byGroup.getOrDefault(g, 0);
            int with = agent.byGroup.getOrDefault(g, 0);
            int[] area = areas.computeIfAbsent(ClassLoadLog.area(g), k -> new int[2]);
            area[0] += without;
            area[1] += with;
            if (Math.abs(with - without) < SMALL) {
                smallPlus += with - without;
                if (with != without) smallGroups++;
            } else {
                rows.add(new String[] {g, Integer.toString(without), Integer.toString(with)});
            }
        }
        b.append("  by area (without -> with the agent):\n");
        areas.forEach((area, n) -> b.append(String.format(Locale.ROOT, "    %+6d  %s (%d -> %d)%n", n[1] - n[0], area,
                n[0], n[1])));
        b.append("  by package group (with - without):\n");
        rows.sort((x, y) -> Integer.compare(Integer.parseInt(y[2]) - Integer.parseInt(y[1]),
                Integer.parseInt(x[2]) - Integer.parseInt(x[1])));
        for (String[] r : rows) {
            b.append(String.format(Locale.ROOT, "    %+6d  %s (%s -> %s)%n",
                    Integer.parseInt(r[2]) - Integer.parseInt(r[1]), r[0], r[1], r[2]));
        }
        b.append(String.format(Locale.ROOT, "    %+6d  in %d other groups (each differing by less than %d)%n",
                smallPlus, smallGroups, SMALL));
    }

    private static void threads(StringBuilder b, Observed plain, Observed agent) {
        b.append(String.format(Locale.ROOT, "CPU time by thread (ms; from /proc/<pid>/task every %d ms; the JVM's main"
                + " thread is 'java'):%n", MeasuredProcess.POLL_MS));
        TreeSet<String> names = new TreeSet<>(plain.threads.keySet());
        if (agent != null) names.addAll(agent.threads.keySet());
        List<String> sorted = new ArrayList<>(names);
        Observed order = agent != null ? agent : plain;
        sorted.sort((x, y) -> Double.compare(cpu(order, y), cpu(order, x)));
        b.append(agent == null ? String.format(Locale.ROOT, "    %8s  thread%n", "CPU")
                : String.format(Locale.ROOT, "    %8s %8s %8s  thread%n", "without", "with", "diff"));
        int idle = 0;
        for (String n : sorted) {
            if (cpu(plain, n) == 0 && (agent == null || cpu(agent, n) == 0)) {
                idle++;
                continue;
            }
            if (agent == null) {
                b.append(String.format(Locale.ROOT, "    %8.0f  %s%n", cpu(plain, n), n));
            } else {
                b.append(String.format(Locale.ROOT, "    %8.0f %8.0f %+8.0f  %s%n", cpu(plain, n), cpu(agent, n),
                        cpu(agent, n) - cpu(plain, n), n));
            }
        }
        b.append("    (").append(idle).append(" more thread groups used no CPU time the poller could see)\n");
        double plainSeen = plain.threads.values().stream().mapToDouble(Double::doubleValue).sum();
        if (agent == null) {
            b.append(String.format(Locale.ROOT, "    %8.0f  (threads the poller missed: process CPU minus the above)%n",
                    plain.run.cpuMs() - plainSeen));
        } else {
            double agentSeen = agent.threads.values().stream().mapToDouble(Double::doubleValue).sum();
            b.append(String.format(Locale.ROOT, "    %8.0f %8.0f %+8.0f  (threads the poller missed: process CPU minus"
                            + " the above)%n", plain.run.cpuMs() - plainSeen, agent.run.cpuMs() - agentSeen,
                    (agent.run.cpuMs() - agentSeen) - (plain.run.cpuMs() - plainSeen)));
        }
    }

    private static double cpu(Observed o, String thread) {
        return o.threads.getOrDefault(thread, 0.0);
    }
}
