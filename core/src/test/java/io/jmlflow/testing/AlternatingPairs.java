package io.jmlflow.testing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs of the same fit with autologging on and off in one JVM, for the overhead benchmarks' drivers: reads the
 * workloads' {@code PAIR <i> on_ms=<> off_ms=<> on_cpu_ms=<> off_cpu_ms=<>} lines back and summarizes them. (The
 * workloads themselves run with the agent and the library only on their class path, so they cannot share code from
 * here.)
 */
public final class AlternatingPairs {
    private static final Pattern PAIR = Pattern.compile("(?m)^PAIR \\d+ on_ms=([0-9.]+) off_ms=([0-9.]+)"
            + " on_cpu_ms=([0-9.]+) off_cpu_ms=([0-9.]+)");

    private AlternatingPairs() {
    }

    /**
     * Reads the PAIR lines of {@code output} (exactly {@code pairs} of them, else throws); prints each pair and the
     * paired differences (median, mean, standard error; wall and {@code cpuKind} CPU time); returns the
     * {@code TABLE|...} line for {@code what}.
     */
    public static String summarize(String output, int pairs, String what, String cpuKind) {
        Matcher m = PAIR.matcher(output);
        double[][] columns = new double[4][pairs];
        int n = 0;
        while (m.find() && n < pairs) {
            for (int k = 0; k < 4; k++) columns[k][n] = Double.parseDouble(m.group(k + 1));
            System.out.printf(Locale.ROOT, "pair %d  fit with autologging on %9.1f ms, off %9.1f ms (%s CPU %9.1f"
                    + " / %9.1f ms)%n", n + 1, columns[0][n], columns[1][n], cpuKind, columns[2][n], columns[3][n]);
            n++;
        }
        if (n != pairs) throw new IllegalStateException("expected " + pairs + " PAIR lines in:\n" + output);
        double[] dWall = PairedStats.differences(columns[0], columns[1]);
        double[] dCpu = PairedStats.differences(columns[2], columns[3]);
        double offWall = PairedStats.median(columns[1]);
        double offCpu = PairedStats.median(columns[3]);
        double median = PairedStats.median(dWall);
        System.out.printf(Locale.ROOT, "in one JVM, %d pairs: fit with autologging off %.1f ms (median); on - off:"
                        + " median %+.1f ms (%+.2f%%), mean %+.1f ms (%+.2f%%), standard error %.1f ms (%.2f%%); %s CPU"
                        + " on - off: median %+.1f ms (%+.2f%%), mean %+.1f, standard error %.1f%n", pairs, offWall,
                median, 100 * median / offWall, PairedStats.mean(dWall), 100 * PairedStats.mean(dWall) / offWall,
                PairedStats.standardError(dWall), 100 * PairedStats.standardError(dWall) / offWall, cpuKind,
                PairedStats.median(dCpu), 100 * PairedStats.median(dCpu) / offCpu, PairedStats.mean(dCpu),
                PairedStats.standardError(dCpu));
        return String.format(Locale.ROOT, "TABLE|%s, fit call in one JVM, autologging on vs off (%d alternating pairs,"
                        + " median of differences)|%+.2f%% (%+.0f ms; mean %+.2f%% +- %.2f%%)|same fit with autologging"
                        + " off (%.0f ms)|%.3f", what, pairs, 100 * median / offWall, median,
                100 * PairedStats.mean(dWall) / offWall, 100 * PairedStats.standardError(dWall) / offWall, offWall,
                (offWall + median) / offWall);
    }
}
