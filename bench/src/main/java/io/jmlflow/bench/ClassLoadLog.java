package io.jmlflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one JVM loaded, read from its {@code -Xlog:class+load:file=<path>:uptime} output: how many, how many
 * came from the JDK's CDS archive (mapped, not parsed: much cheaper), how many were hidden classes (lambdas, method
 * handles' lambda forms, string concatenation), and the counts by package group ({@link #group}).
 */
final class ClassLoadLog {
    private static final Pattern LINE = Pattern.compile("^(?:\\[[^\\]]*\\])*\\s*(\\S+) source: (.*)$");

    final int total;
    final int fromCds;
    final int hidden;
    final Map<String, Integer> byGroup;

    private ClassLoadLog(int total, int fromCds, int hidden, Map<String, Integer> byGroup) {
        this.total = total;
        this.fromCds = fromCds;
        this.hidden = hidden;
        this.byGroup = byGroup;
    }

    /** The JVM option that writes the log this class reads. */
    static String option(Path file) {
        return "-Xlog:class+load:file=" + file + ":uptime";
    }

    static ClassLoadLog read(Path file) throws IOException {
        int total = 0;
        int cds = 0;
        int hidden = 0;
        Map<String, Integer> groups = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            total++;
            if (m.group(2).contains("shared objects file")) cds++;
            if (m.group(1).contains("/0x")) hidden++;
            groups.merge(group(m.group(1)), 1, Integer::sum);
        }
        return new ClassLoadLog(total, cds, hidden, groups);
    }

    /**
     * A class's package group: its package cut to three names ({@code java.lang.invoke}, {@code sun.java2d.loops},
     * {@code smile.classification}), ours to four ({@code io.jmlflow.internal.store}), and what the agent shades to
     * five ({@code io.jmlflow.shaded.jackson.databind}); hidden classes ({@code Foo$$Lambda$12/0x...}) count in
     * their host's package (as the log and JFR spell them).
     */
    static String group(String className) {
        String name = className;
        for (String hiddenSuffix : List.of("/0x", "+0x", "$$Lambda")) { // the log's and JFR's spellings
            int at = name.indexOf(hiddenSuffix);
            if (at > 0) name = name.substring(0, at);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) return "(default package)";
        String[] parts = name.substring(0, dot).split("\\.");
        int depth = name.startsWith("io.jmlflow.shaded.") ? 5 : name.startsWith("io.jmlflow.") ? 4 : 3;
        return String.join(".", Arrays.copyOf(parts, Math.min(depth, parts.length)));
    }

    /** A coarse area of a group: the JDK, jmlflow, the libraries jmlflow shades, or the application's. */
    static String area(String group) {
        if (group.startsWith("io.jmlflow.shaded.")) return "jmlflow's shaded libraries";
        if (group.startsWith("io.jmlflow")) return "jmlflow";
        if (group.startsWith("org.sqlite")) return "SQLite JDBC (unshaded, from the agent jar)";
        for (String jdk : List.of("java.", "javax.", "jdk.", "sun.", "com.sun.")) {
            if (group.startsWith(jdk)) return "JDK";
        }
        return "application and its libraries";
    }
}
