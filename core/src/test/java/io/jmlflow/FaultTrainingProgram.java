package io.jmlflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A "training" program for the fault tests: logs {@code points} losses of a computation whose result it prints
 * ({@code RESULT <sum>}), so a test can tell that faults of the tracking store changed neither the result nor the
 * exit code. With {@code readonly-after <n> <path>} it makes {@code path} (a store directory or SQLite database
 * and its folder) read-only after the first {@code n} points were flushed, as a full or remounted disk would.
 *
 * <p>Arguments: {@code points [readonly-after n path]}. Prints {@code RUN <id>}, {@code FLUSHED <n>} and
 * {@code RESULT <sum>}.
 */
public final class FaultTrainingProgram {
    public static void main(String[] args) throws IOException {
        int points = Integer.parseInt(args[0]);
        int readonlyAfter = args.length > 2 && args[1].equals("readonly-after") ? Integer.parseInt(args[2]) : -1;
        Path readonly = readonlyAfter >= 0 ? Paths.get(args[3]) : null;
        double result = 0;
        try (ActiveRun run = Mlflow.startRun("fault")) {
            System.out.println("RUN " + run.runId());
            Mlflow.logParam("points", points);
            for (int i = 0; i < points; i++) {
                if (i == readonlyAfter) {
                    boolean flushed = Mlflow.flush();
                    System.out.println("FLUSHED " + (flushed ? i : -1));
                    makeReadOnly(readonly);
                }
                double loss = 1.0 / (i + 1);
                result += loss;
                Mlflow.logMetric("loss", loss, i, 1_700_000_000_000L + i);
            }
        }
        System.out.println("RESULT " + result);
    }

    /** Expected {@code RESULT} line for {@code points}. */
    static String expectedResult(int points) {
        double result = 0;
        for (int i = 0; i < points; i++) result += 1.0 / (i + 1);
        return "RESULT " + result;
    }

    private static void makeReadOnly(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r--r--"));
            path = path.getParent();
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }
}
