package io.jmlflow.agent;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same annotated program run three times under the agent, sharing a transform cache: the first JVM transforms
 * with Byte Buddy and keeps the results, the second loads no Byte Buddy class at all and logs the same runs, and a
 * damaged cache only costs the third JVM the transformation again. A crafted entry, a folder others may write to and
 * one of another user never give the program another class.
 */
class MlflowAgentTransformCacheIT {
    @TempDir
    Path dir;

    @Test
    void aLaterRunOfTheSameProgramNeedsNoByteBuddyAndLogsTheSame() throws Exception {
        Path cache = dir.resolve("cache");
        String args = "agent.transform.cache.dir=" + cache;

        Result first = run("first", args);
        assertTrue(first.byteBuddyClasses > 100, "the first JVM transforms: " + first.byteBuddyClasses);
        List<Path> entries = entries(cache);
        assertTrue(!entries.isEmpty(), "results kept in " + cache);

        Result second = run("second", args);
        // two interfaces the integrations' own types name are all that is left of Byte Buddy
        assertTrue(second.byteBuddyClasses < 10, "the second JVM takes the classes from the cache: "
                + Files.readAllLines(dir.resolve("second-classes.txt")).stream()
                .filter(l -> l.contains("io.jmlflow.shaded.bytebuddy.")).toList());
        assertEquals(first.params, second.params);
        assertEquals(first.metricKeys, second.metricKeys);

        for (Path e : entries(cache)) {
            if (!e.getFileName().toString().equals(TransformCache.SECRET)) Files.write(e, new byte[] {'x'}); // damaged
        }
        Result third = run("third", args);
        assertTrue(third.byteBuddyClasses > 100, "a damaged cache is transformed again: " + third.byteBuddyClasses);
        assertEquals(first.params, third.params);
    }

    @Test
    void silentStaysSilentWhenNoClassNeedsByteBuddy() throws Exception {
        String args = "agent.transform.cache.dir=" + dir.resolve("cache") + ",autolog.silent=true";
        for (String name : new String[] {"cold", "cached"}) {
            ChildJvm.Result r = ChildJvm.main("demo.AnnotatedTraining").withAgent(args)
                    .fileStore(dir.resolve(name + "-mlruns")).run();
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(!r.stderr().contains("[mlflow]"), name + ": " + r.stderr());
        }
    }

    private record Result(int byteBuddyClasses, Object params, Object metricKeys) {
    }

    private Result run(String name, String agentArgs) throws Exception {
        Path store = dir.resolve(name + "-mlruns");
        Path classLog = dir.resolve(name + "-classes.txt");
        ChildJvm.Result r = ChildJvm.main("demo.AnnotatedTraining").withAgent(agentArgs).fileStore(store)
                .jvmArg("-Xlog:class+load:file=" + classLog).run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("final loss=0.3333333333333333", r.stdout().trim());
        int byteBuddy;
        try (Stream<String> lines = Files.lines(classLog)) {
            byteBuddy = (int) lines.filter(l -> l.contains("io.jmlflow.shaded.bytebuddy.")).count();
        }
        try (MlflowClient client = new MlflowClient("file:" + store)) {
            String experiment = client.getExperimentByName("agent-it").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experiment), "attributes.run_name = 'training'");
            assertEquals(1, runs.size(), runs.toString());
            return new Result(byteBuddy, runs.get(0).data().params(), runs.get(0).data().metrics().stream().map(m -> m.key()).sorted().toList());
        }
    }

    private static List<Path> entries(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.toList();
        }
    }

    @Test
    void aCraftedEntryNeverRuns() throws Exception {
        Path cache = dir.resolve("cache");
        String args = "agent.transform.cache.dir=" + cache;
        run("first", args);
        // An attacker who cannot read the secret writes well-formed entries, signed with a key of their own, in which
        // the annotated class names its run "PWNED!!!" instead of "training".
        Path forged = dir.resolve("attacker");
        TransformCache theirs = TransformCache.at(forged, "any");
        int crafted = 0;
        for (Path e : entries(cache)) {
            byte[] original = originalOf(e);
            if (original == null) continue;
            byte[] evil = replaceAll(original, "training", "PWNED!!!");
            if (java.util.Arrays.equals(evil, original)) continue;
            theirs.put(e.getFileName().toString(), original, evil);
            Files.copy(forged.resolve(e.getFileName()), e, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            crafted++;
        }
        assertTrue(crafted > 0, "an entry holds the annotated class");

        Result second = run("second", args); // finds its run by the name "training": the original class ran
        assertTrue(second.byteBuddyClasses > 100, "the crafted entries are refused and the classes transformed again");
    }

    @Test
    void aFolderOthersMayWriteToOrOfAnotherUserIsNotUsed() throws Exception {
        Path cache = dir.resolve("cache");
        String args = "agent.transform.cache.dir=" + cache;
        run("first", args);
        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ChildJvm.Result r = ChildJvm.main("demo.AnnotatedTraining").withAgent(args)
                .fileStore(dir.resolve("open-mlruns")).run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("final loss=0.3333333333333333", r.stdout().trim());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("transform cache is not used")).count(), r.stderr());
        assertTrue(r.stderr().contains("rwxrwxrwx"), r.stderr());

        if (io.jmlflow.testing.OtherUsers.isRoot()) {
            Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            io.jmlflow.testing.OtherUsers.giveToNobody(cache);
            r = ChildJvm.main("demo.AnnotatedTraining").withAgent(args).fileStore(dir.resolve("foreign-mlruns")).run();
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals(1, r.stderr().lines().filter(l -> l.contains("transform cache is not used")
                    && l.contains("belongs to nobody")).count(), r.stderr());
        }
    }

    /** The original class file an entry was made from (its format: magic, MAC, length, original, transformed). */
    private static byte[] originalOf(Path entry) throws Exception {
        if (entry.getFileName().toString().startsWith(".")) return null;
        byte[] all = Files.readAllBytes(entry);
        int header = "jmlflow-transform-4\n".length() + 32;
        int length = java.nio.ByteBuffer.wrap(all, header, 4).getInt();
        return java.util.Arrays.copyOfRange(all, header + 4, header + 4 + length);
    }

    /** {@code bytes} with every occurrence of {@code from} replaced by {@code to} (same length: a valid class file). */
    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = bytes.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) System.arraycopy(t, 0, out, i, t.length);
        }
        return out;
    }
}
