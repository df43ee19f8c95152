package io.jmlflow.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Metric;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two JVMs append to the same metric file of one run at the same time: every line stays whole, none is lost. */
class FileStoreConcurrentJvmsTest {
    private static final int POINTS = 10_000;
    private static final Pattern LINE = Pattern.compile("^\\d+ \\d+\\.\\d+ \\d+$");

    @TempDir
    Path tmp;

    @Test
    void twoJvmsAppendToOneRunWithoutLosingOrTearingLines() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStore store = FileStore.open(root.toString());
        String exp = store.createExperiment("concurrent", null, List.of());
        String runId = store.createRun(exp, "tester", System.currentTimeMillis(), List.of(), "two-jvms").runId();
        Path go = tmp.resolve("go");

        List<Process> writers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ConcurrentAppendMain.class.getName(),
                    root.toString(), runId, Integer.toString(w), Integer.toString(POINTS), go.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(tmp.resolve("writer-" + w + ".log").toFile());
            writers.add(pb.start());
        }
        Files.writeString(go, "go");
        for (int w = 0; w < writers.size(); w++) {
            Process p = writers.get(w);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("writer " + (w + 1) + " did not finish");
            }
            assertEquals(0, p.exitValue(), () -> "writer failed: " + readQuietly(tmp.resolve("writer-1.log"))
                    + readQuietly(tmp.resolve("writer-2.log")));
        }

        Path metrics = root.resolve(exp).resolve(runId).resolve("metrics");
        List<String> shared = Files.readAllLines(metrics.resolve("shared"), StandardCharsets.US_ASCII);
        assertEquals(2 * POINTS, shared.size());
        Set<Long> seen = new HashSet<>();
        for (String line : shared) {
            assertTrue(LINE.matcher(line).matches(), () -> "torn or malformed line: '" + line + "'");
            String[] f = line.split(" ");
            long value = (long) Double.parseDouble(f[1]);
            long writer = value / 1_000_000;
            long index = value % 1_000_000;
            assertEquals(index, Long.parseLong(f[2]), line);
            assertTrue(writer == 1 || writer == 2, line);
            assertTrue(seen.add(value), () -> "duplicate point " + line);
        }
        assertEquals(2 * POINTS, seen.size());
        int switches = 0;
        for (int i = 1; i < shared.size(); i++) {
            if (shared.get(i).split(" ")[1].charAt(0) != shared.get(i - 1).split(" ")[1].charAt(0)) switches++;
        }
        System.out.println("two JVMs: " + switches + " switches between writers in the shared metric file");
        for (int w = 1; w <= 2; w++) {
            List<Metric> own = store.getMetricHistory(runId, "own_" + w);
            assertEquals(POINTS, own.size());
            for (int i = 0; i < POINTS; i++) assertEquals(i, own.get(i).step());
        }
        assertEquals(2 * POINTS, store.getMetricHistory(runId, "shared").size());

        JsonNode counts = PythonMlflow.json("file://" + root, tmp, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                print(json.dumps({k: len(c.get_metric_history("%s", k)) for k in ["shared", "own_1", "own_2"]}))
                """.formatted(runId));
        assertEquals(2 * POINTS, counts.get("shared").asInt());
        assertEquals(POINTS, counts.get("own_1").asInt());
        assertEquals(POINTS, counts.get("own_2").asInt());
    }

    /**
     * Threads of one JVM, through two store instances on the same root, one of them opened through a symlink so
     * that the in-JVM lock differs and the OS file lock alone must keep lines whole.
     */
    @Test
    void threadsOfOneJvmShareOneMetricFile() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStore a = FileStore.open(root.toString());
        String exp = a.createExperiment("threads", null, List.of());
        String runId = a.createRun(exp, "tester", 1L, List.of(), "threads").runId();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
        FileStore b = FileStore.open(link.toString());
        int threads = 4;
        int batches = 200;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int writer = t + 1;
            FileStore store = writer % 2 == 0 ? a : b;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < batches; i++) {
                        List<Metric> batch = new ArrayList<>();
                        for (int k = 0; k < 25; k++) {
                            int index = i * 25 + k;
                            batch.add(new Metric("shared", writer * 1_000_000.0 + index, 1L, index));
                        }
                        store.logBatch(runId, batch, List.of(), List.of());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) th.join(TimeUnit.MINUTES.toMillis(5));
        assertTrue(failures.isEmpty(), failures.toString());
        List<String> lines = Files.readAllLines(root.resolve(exp).resolve(runId).resolve("metrics/shared"));
        assertEquals(threads * batches * 25, lines.size());
        Set<String> distinct = new HashSet<>();
        for (String line : lines) {
            assertTrue(LINE.matcher(line).matches(), () -> "torn or malformed line: '" + line + "'");
            distinct.add(line.split(" ")[1]);
        }
        assertEquals(threads * batches * 25, distinct.size());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
