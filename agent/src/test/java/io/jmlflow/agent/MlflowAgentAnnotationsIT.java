package io.jmlflow.agent;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SystemTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Annotated programs in JVMs started with -javaagent:mlflow-agent.jar; results read back from the file store. */
class MlflowAgentAnnotationsIT {
    @TempDir
    Path dir;

    private static Run run(MlflowClient client, String experiment, String name) {
        String id = client.getExperimentByName(experiment).orElseThrow().experimentId();
        List<Run> runs = client.searchRuns(List.of(id), "attributes.run_name = '" + name + "'");
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private static List<String> history(MlflowClient client, String runId, String key) {
        return client.getMetricHistory(runId, key).stream().sorted((a, b) -> Long.compare(a.step(), b.step()))
                .map(m -> m.step() + ":" + m.value()).toList();
    }

    @Test
    void annotatedTrainingRecordsParamsMetricHistoryNestedRunAndModel() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result traced = ChildJvm.main("demo.AnnotatedTraining").withAgent().fileStore(store).run();
        ChildJvm.Result plain = ChildJvm.main("demo.AnnotatedTraining").run();
        assertEquals(0, traced.exitCode(), traced.stderr());
        assertEquals(plain.stdout(), traced.stdout());
        assertEquals("final loss=0.3333333333333333", traced.stdout().trim());
        assertTrue(traced.stderr().contains("[mlflow] run training ("), "no SLF4J provider: stderr. " + traced.stderr());

        try (MlflowClient client = new MlflowClient("file:" + store)) {
            Run training = run(client, "agent-it", "training");
            assertEquals(RunStatus.FINISHED, training.info().status());
            assertEquals(Map.ofEntries(
                    Map.entry("config.lr", "0.1"), Map.entry("config.epochs", "3"),
                    Map.entry("config.optimizer.name", "adam"), Map.entry("config.optimizer.momentum", "0.9"),
                    Map.entry("opts.layers", "3"), Map.entry("opts.activation", "relu"),
                    Map.entry("opts.nested.dropout", "0.25"),
                    Map.entry("sampling.batchSize", "32"), Map.entry("sampling.shuffle", "True"),
                    Map.entry("graph.label", "root"), Map.entry("dataset", "blobs"), Map.entry("seed", "7")),
                    training.data().params());
            String id = training.runId();
            assertEquals(List.of("0:1.0", "1:0.5", "2:0.3333333333333333"), history(client, id, "loss"));
            assertEquals(List.of("0:0.5", "1:0.6", "2:0.7"), history(client, id, "acc"));
            assertEquals(List.of("0:0.8", "1:0.8", "2:0.8"), history(client, id, "f1"));
            assertEquals(3, client.getMetricHistory(id, "auc").size());
            assertEquals(1, training.modelOutputs().size());
            assertEquals("classifier", client.getLoggedModel(training.modelOutputs().get(0)).name());

            Run evaluation = run(client, "agent-it", "evaluation");
            assertEquals(RunStatus.FINISHED, evaluation.info().status());
            assertEquals(id, evaluation.data().tags().get(SystemTags.PARENT_RUN_ID));
            assertEquals("holdout", evaluation.data().params().get("split"));
            assertEquals(List.of("0:0.75"), history(client, evaluation.runId(), "heldout.score"));
        }
    }

    @Test
    void failingTrainingKeepsExceptionAndExitCodeAndEndsTheRunFailed() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result traced = ChildJvm.main("demo.FailingTraining").withAgent().fileStore(store).run();
        ChildJvm.Result plain = ChildJvm.main("demo.FailingTraining").run();
        assertEquals(1, plain.exitCode());
        assertEquals(plain.exitCode(), traced.exitCode());
        assertEquals(plain.stdout(), traced.stdout());
        assertEquals(plain.programStderr(), traced.programStderr(), "same exception, same stack trace");
        assertTrue(traced.programStderr().contains(
                "Exception in thread \"main\" java.lang.IllegalStateException: loss diverged at epoch 1"));

        try (MlflowClient client = new MlflowClient("file:" + store)) {
            Run run = run(client, "agent-it", "diverging");
            assertEquals(RunStatus.FAILED, run.info().status());
            assertEquals(List.of(2.5), client.getMetricHistory(run.runId(), "loss").stream().map(Metric::value).toList());
        }
    }

    @Test
    void agentArgumentsSystemPropertiesAndEnvironmentShareOneNamingScheme() throws Exception {
        Path viaArgument = dir.resolve("via-argument");
        ChildJvm.Result r = ChildJvm.main("demo.FailingTraining").withAgent("tracking.uri=file:" + viaArgument).run();
        assertEquals(1, r.exitCode());
        try (MlflowClient client = new MlflowClient("file:" + viaArgument)) {
            assertEquals(RunStatus.FAILED, run(client, "agent-it", "diverging").info().status());
        }

        Path off = dir.resolve("off");
        for (ChildJvm jvm : List.of(
                ChildJvm.main("demo.FailingTraining").withAgent("annotations.enabled=false").fileStore(off),
                ChildJvm.main("demo.FailingTraining").withAgent().jvmArg("-Dmlflow.annotations.enabled=false").fileStore(off),
                ChildJvm.main("demo.FailingTraining").withAgent().env("MLFLOW_ANNOTATIONS_ENABLED", "false").fileStore(off))) {
            assertEquals(1, jvm.run().exitCode());
        }
        assertFalse(Files.exists(off), "annotation handling was off every time: nothing opened the store");
    }

    @Test
    void messagesGoThroughTheApplicationsSlf4jWhenItHasOne() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result r = ChildJvm.main("demo.FailingTraining").withAgent().fileStore(store)
                .classPath(ChildJvm.testClassPathJar("slf4j-api-"), ChildJvm.testClassPathJar("slf4j-simple-")).run();
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("INFO io.jmlflow - run diverging ("), r.stderr());
        assertFalse(r.stderr().contains("[mlflow]"), r.stderr());
        assertFalse(r.stderr().contains("SLF4J(W)"), r.stderr());
    }
}
