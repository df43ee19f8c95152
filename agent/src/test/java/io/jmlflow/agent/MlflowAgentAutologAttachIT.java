package io.jmlflow.agent;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mlflow.autolog() in JVMs started without -javaagent. */
class MlflowAgentAutologAttachIT {
    @TempDir
    Path dir;

    private static void assertBothClassesTracked(Path store) {
        try (MlflowClient client = new MlflowClient("file:" + store)) {
            String experiment = client.getExperimentByName("attach-it").orElseThrow().experimentId();
            List<Run> preloaded = client.searchRuns(List.of(experiment), "attributes.run_name = 'preloaded'");
            assertEquals(1, preloaded.size(), "only the call after autolog() is tracked: " + preloaded);
            assertEquals("2", preloaded.get(0).data().params().get("size"));
            assertEquals(4.0, preloaded.get(0).data().metric("score"));
            List<Run> later = client.searchRuns(List.of(experiment), "attributes.run_name = 'loaded-later'");
            assertEquals(1, later.size());
            assertEquals("3", later.get(0).data().params().get("size"));
        }
    }

    @Test
    void attachesTheAgentFromTheClassPathAndInstrumentsClassesLoadedBeforeAndAfter() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result r = ChildJvm.main("demo.AutologAttach").classPath(ChildJvm.agentJar()).fileStore(store).run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("results 2 4 4", r.stdout().trim());
        assertBothClassesTracked(store);
    }

    @Test
    void withCoreAsItsOwnJarTheAgentJarComesFromConfiguration() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm jvm = ChildJvm.main("demo.AutologAttach").fileStore(store)
                .jvmArg("-Dmlflow.agent.jar=" + ChildJvm.agentJar());
        for (Path p : ChildJvm.testClassPath()) {
            // What an application has: core and its dependencies, never the agent-only modules.
            String name = p.getFileName().toString();
            boolean agentOnly = name.startsWith("jmlflow-integration-spi") || name.startsWith("jmlflow-smile")
                    || name.startsWith("jmlflow-tribuo") || name.startsWith("jmlflow-dl4j")
                    || name.startsWith("jmlflow-xgboost");
            if (!agentOnly) jvm.classPath(p);
        }
        ChildJvm.Result r = jvm.run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("results 2 4 4", r.stdout().trim());
        assertBothClassesTracked(store);
    }

    @Test
    void whenAttachingIsNotAllowedTheProgramRunsOnAndTheWarningSaysWhatToDo() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result r = ChildJvm.main("demo.AutologAttach").classPath(ChildJvm.agentJar()).fileStore(store)
                .jvmArg("-XX:+DisableAttachMechanism").run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("results 2 4 4", r.stdout().trim());
        assertTrue(r.stderr().contains("could not attach the jmlflow agent"), r.stderr());
        assertTrue(r.stderr().contains("-javaagent:" + ChildJvm.agentJar()), r.stderr());
        assertTrue(r.stderr().contains("-XX:+DisableAttachMechanism"), r.stderr());
        assertFalse(Files.exists(store), "nothing was tracked");
    }
}
