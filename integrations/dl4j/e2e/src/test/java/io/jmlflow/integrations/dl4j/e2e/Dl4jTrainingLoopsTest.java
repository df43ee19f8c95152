package io.jmlflow.integrations.dl4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.samples.dl4j.IrisData;
import io.jmlflow.samples.dl4j.IrisEarlyStopping;
import io.jmlflow.samples.dl4j.IrisMiniBatchLoop;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training that is not one {@code fit(iterator, epochs)} call: {@link IrisMiniBatchLoop} (two models, each trained by
 * {@code fit(DataSet)} per mini-batch) and {@link IrisEarlyStopping}, under the agent, into a SQLite store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jTrainingLoopsTest {
    private static final int EPOCHS = 2;
    private static final int BATCHES_PER_EPOCH = 10;

    private Path dir;
    private String uri;
    private MlflowClient client;
    private JavaProcess.Result earlyStoppingOutput;
    private List<Run> loopRuns;
    private Run earlyStopping;

    @BeforeAll
    void train(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        Dl4jChildJvm.run(dir, uri, "autolog.dl4j.log.every.n.iterations=1", IrisMiniBatchLoop.class,
                String.valueOf(EPOCHS), "16", "2", dir.resolve("last.zip").toString());
        earlyStoppingOutput = Dl4jChildJvm.run(dir, uri, null, IrisEarlyStopping.class, "25", "2");
        client = new MlflowClient(uri);
        List<Run> runs = client.searchRuns(List.of("0"), "");
        loopRuns = runs.stream().filter(r -> !r.data().params().containsKey("early_stopping.stop_reason"))
                .sorted(Comparator.comparingLong(r -> r.info().startTime())).toList();
        earlyStopping = runs.stream().filter(r -> r.data().params().containsKey("early_stopping.stop_reason"))
                .findFirst().orElseThrow(() -> new AssertionError("no early-stopping run in " + runs));
    }

    @AfterAll
    void close() {
        if (client != null) client.close();
    }

    @Test
    void aMiniBatchLoopGivesOneRunPerModelNotOnePerCall() {
        assertEquals(2, loopRuns.size(), "two models, two runs: " + loopRuns);
        for (Run r : loopRuns) {
            assertEquals(RunStatus.FINISHED, r.info().status());
            assertEquals("dl4j", r.data().tags().get("mlflow.autologging"));
            assertEquals("16", r.data().params().get("batch_size"));
            List<Metric> loss = client.getMetricHistory(r.info().runId(), "loss");
            assertEquals(EPOCHS * BATCHES_PER_EPOCH, loss.size());
            assertEquals(EPOCHS * BATCHES_PER_EPOCH - 1, loss.get(loss.size() - 1).step());
            // DL4J counts no epochs in a loop of fit(DataSet): the passes over the same batches are the epochs
            assertEquals(String.valueOf(EPOCHS), r.data().params().get("epochs"));
            assertEquals(EPOCHS, client.getMetricHistory(r.info().runId(), "epoch_loss").size());
        }
        assertEquals("3", loopRuns.get(0).data().params().get("seed"));
        assertEquals("4", loopRuns.get(1).data().params().get("seed"));
        List<Metric> firstLoss = client.getMetricHistory(loopRuns.get(0).info().runId(), "loss");
        assertTrue(firstLoss.get(firstLoss.size() - 1).timestamp() <= loopRuns.get(1).info().startTime(),
                "the first model's run was done with training when the second model started (its end, after the"
                        + " model is logged, follows off the training thread)");
    }

    @Test
    void eachLoopRunHasItsModelAndTheLastOneWasLoggedAtExit() throws Exception {
        List<LoggedModel> models = client.searchLoggedModels(List.of("0"), null, 100, null).items();
        for (Run r : loopRuns) {
            assertEquals(1, models.stream().filter(m -> r.info().runId().equals(m.sourceRunId())).count(), r.toString());
        }
        Object loaded = client.loadModel("runs:/" + loopRuns.get(1).info().runId() + "/model");
        MultiLayerNetwork net = assertInstanceOf(MultiLayerNetwork.class, loaded);
        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("last.zip").toFile());
        INDArray flowers = IrisData.load(2).getFeatures();
        assertEquals(saved.output(flowers), net.output(flowers));
        assertEquals(EPOCHS * BATCHES_PER_EPOCH, net.getIterationCount());
    }

    @Test
    void earlyStoppingRecordsTheBestEpochAndWhyItStopped() {
        Matcher m = Pattern.compile("best epoch (\\d+) of (\\d+), held-out loss ([0-9.]+)").matcher(earlyStoppingOutput.stdout());
        assertTrue(m.find(), earlyStoppingOutput.describe());
        int bestEpoch = Integer.parseInt(m.group(1));
        int totalEpochs = Integer.parseInt(m.group(2));
        var params = earlyStopping.data().params();
        var data = earlyStopping.data();
        assertTrue(earlyStoppingOutput.stdout().contains("stopped: " + params.get("early_stopping.stop_reason")),
                earlyStoppingOutput.stdout() + params);
        assertTrue(params.get("early_stopping.stop_details").contains("TerminationCondition"), params.toString());
        assertTrue(params.get("early_stopping.epochTerminationConditions").contains("MaxEpochsTerminationCondition(25)"));
        assertEquals("DataSetLossCalculator", params.get("early_stopping.scoreCalculator"));
        assertEquals((double) bestEpoch, data.metric("early_stopping.best_epoch"));
        assertEquals((double) totalEpochs, data.metric("early_stopping.total_epochs"));
        assertEquals(Double.parseDouble(m.group(3)), data.metric("early_stopping.best_score"), 0.00006);
        List<Metric> scores = client.getMetricHistory(earlyStopping.info().runId(), "early_stopping.score");
        assertEquals(totalEpochs, scores.size());
        assertEquals(totalEpochs, client.getMetricHistory(earlyStopping.info().runId(), "epoch_loss").size());
        assertFalse(client.getMetricHistory(earlyStopping.info().runId(), "loss").isEmpty());
        assertEquals(RunStatus.FINISHED, earlyStopping.info().status());
        assertInstanceOf(MultiLayerNetwork.class, client.loadModel("runs:/" + earlyStopping.info().runId() + "/model"));
    }

    @Test
    void realMlflowReadsTheSqliteStore() {
        JsonNode out = PythonMlflow.json(uri, dir, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                runs = c.search_runs(["0"])
                models = c.search_logged_models(experiment_ids=["0"])
                print(json.dumps({
                    "runs": sorted(r.info.status for r in runs),
                    "models": sorted(m.source_run_id for m in models if str(m.status).endswith("READY")),
                    "run_ids": sorted(r.info.run_id for r in runs),
                    "stop": [r.data.params.get("early_stopping.stop_reason") for r in runs
                             if "early_stopping.stop_reason" in r.data.params],
                }))
                """);
        assertEquals("[\"FINISHED\",\"FINISHED\",\"FINISHED\"]", out.get("runs").toString());
        assertEquals(out.get("run_ids").toString(), out.get("models").toString(), "one READY model per run");
        assertEquals(earlyStopping.data().params().get("early_stopping.stop_reason"), out.get("stop").get(0).asText());
    }
}
