package io.jmlflow.agent;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One annotated program run several times under the agent with one cache folder: the first JVM transforms with Byte
 * Buddy and lists nothing, the second lists the agent classes it loaded, and the third defines those ahead on the
 * warm-up thread and logs the same run. A list naming classes of others is ignored, and the switch turns it off.
 */
class MlflowAgentClassPreloadIT {
    @TempDir
    Path dir;

    @Test
    void aLaterRunDefinesTheClassesEarlierRunsLoadedAndLogsTheSame() throws Exception {
        Path cache = dir.resolve("cache");
        String args = "agent.transform.cache.dir=" + cache;

        Probe first = run("first", args);
        assertEquals("-", first.defined);
        assertTrue(lists(cache).isEmpty(), "a JVM that set up Byte Buddy lists nothing");

        Probe second = run("second", args);
        assertEquals("-", second.defined);
        List<Path> lists = lists(cache);
        assertEquals(1, lists.size(), "one list for the program");
        List<String> names = Files.readAllLines(lists.get(0));
        assertTrue(names.contains("io.jmlflow.internal.session.Session"), names.toString());
        assertTrue(names.stream().allMatch(n -> n.startsWith("io.jmlflow.") || n.startsWith("org.sqlite.")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("io.jmlflow.shaded.bytebuddy.")), names.toString());
        // supertypes first: a class's superclass of ours comes before it
        assertTrue(names.indexOf("io.jmlflow.internal.store.ForwardingStore")
                < names.indexOf("io.jmlflow.internal.session.SessionStore"), names.toString());

        Probe third = run("third", args);
        assertTrue(Integer.parseInt(third.defined) > 50, "defined ahead: " + third.defined);
        assertEquals(second.params, third.params);
        assertEquals(second.metricKeys, third.metricKeys);
        List<String> after = Files.readAllLines(lists.get(0));
        List<String> added = after.stream().filter(n -> !names.contains(n)).toList();
        assertTrue(after.containsAll(names) && added.size() <= 3, "kept, and little new (the preload's own loader): " + added);

        Probe off = run("off", args + ",agent.class.preload=false");
        assertEquals("-", off.defined);
        assertEquals(second.params, off.params);
    }

    @Test
    void aListNamingOtherClassesDefinesNoneOfThem() throws Exception {
        Path cache = dir.resolve("cache");
        String args = "agent.transform.cache.dir=" + cache;
        run("first", args);
        run("second", args);
        Path list = lists(cache).get(0);
        // the annotated class itself, the JDK's and Byte Buddy's: never defined from a list (the first would then
        // escape its transformation), and garbage is skipped
        Files.write(list, List.of("demo.AnnotatedTraining$Trainer", "java.lang.Evil", "io.jmlflow.shaded.bytebuddy.ByteBuddy",
                "io.jmlflow/../x", "io.jmlflow.internal.session.Session"));
        Probe third = run("third", args);
        assertEquals("1", third.defined);
        assertTrue(third.params.containsKey("config.lr"), "the annotated class was transformed: " + third.params);
    }

    private record Probe(String defined, Map<String, String> params, List<String> metricKeys) {
    }

    private Probe run(String name, String agentArgs) throws Exception {
        Path store = dir.resolve(name + "-mlruns");
        ChildJvm.Result r = ChildJvm.main("demo.PreloadProbe").withAgent(agentArgs).fileStore(store).run();
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> out = r.stdout().lines().toList();
        assertEquals("final loss=0.3333333333333333", out.get(0), r.stdout());
        String defined = out.get(1).substring("defined=".length());
        try (MlflowClient client = new MlflowClient("file:" + store)) {
            String experiment = client.getExperimentByName("agent-it").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experiment), "attributes.run_name = 'training'");
            assertEquals(1, runs.size(), runs.toString());
            Map<String, String> params = new java.util.TreeMap<>(runs.get(0).data().params());
            return new Probe(defined, params, runs.get(0).data().metrics().stream().map(m -> m.key()).sorted().toList());
        }
    }

    private static List<Path> lists(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".preload-")
                    && !f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
