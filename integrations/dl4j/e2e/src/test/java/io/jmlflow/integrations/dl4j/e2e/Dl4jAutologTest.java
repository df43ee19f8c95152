package io.jmlflow.integrations.dl4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.samples.dl4j.IrisClassifier;
import io.jmlflow.samples.dl4j.IrisData;
import io.jmlflow.samples.dl4j.IrisGraphClassifier;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IrisClassifier} (a MultiLayerNetwork) and {@link IrisGraphClassifier} (a ComputationGraph), unchanged, trained
 * for a few epochs in JVMs started with the agent, into a file store; then checked here and with the real MLflow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jAutologTest {
    private static final int MLN_EPOCHS = 4;
    private static final int GRAPH_EPOCHS = 3;
    private static final int BATCHES_PER_EPOCH = 10; // 150 flowers, batches of 16

    private Path dir;
    private String uri;
    private MlflowClient client;
    private JavaProcess.Result mlnOutput;
    private Run mln;
    private Run graph;

    @BeforeAll
    void train(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        uri = "file:" + dir.resolve("mlruns");
        String every = "autolog.dl4j.log.every.n.iterations=1";
        mlnOutput = Dl4jChildJvm.run(dir, uri, every, IrisClassifier.class,
                String.valueOf(MLN_EPOCHS), "16", dir.resolve("mln.zip").toString());
        // the graph writes its configuration artifacts while it trains (as after a long first epoch)
        Dl4jChildJvm.run(dir, uri, every + ",autolog.dl4j.early.logging.min.epoch.ms=0", IrisGraphClassifier.class,
                String.valueOf(GRAPH_EPOCHS), "16", dir.resolve("graph.zip").toString());
        client = new MlflowClient(uri);
        List<Run> runs = client.searchRuns(List.of("0"), "");
        assertEquals(2, runs.size(), "one run per training program");
        for (Run r : runs) {
            if ("MultiLayerNetwork".equals(r.data().params().get("model_class"))) mln = r;
            if ("ComputationGraph".equals(r.data().params().get("model_class"))) graph = r;
        }
        assertNotNull(mln);
        assertNotNull(graph);
    }

    @AfterAll
    void close() {
        if (client != null) client.close();
    }

    @Test
    void runsAreAutologgedAndFinished() {
        for (Run r : List.of(mln, graph)) {
            assertEquals(RunStatus.FINISHED, r.info().status());
            assertEquals("dl4j", r.data().tags().get("mlflow.autologging"));
        }
    }

    @Test
    void multiLayerNetworkParamsComeFromItsConfiguration() {
        Map<String, String> p = mln.data().params();
        assertEquals("42", p.get("seed"));
        assertEquals("STOCHASTIC_GRADIENT_DESCENT", p.get("optimizationAlgo"));
        assertEquals("3", p.get("layer_count"));
        assertEquals(String.valueOf(4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3), p.get("parameter_count"));
        assertEquals(String.valueOf(MLN_EPOCHS), p.get("epochs"));
        assertEquals("16", p.get("batch_size"));
        assertEquals("Adam", p.get("updater"));
        assertEquals("0.01", p.get("learning_rate"));
        assertEquals("0.0001", p.get("l2"), "as Python writes 1e-4");
        assertEquals("DenseLayer", p.get("layer_0.type"));
        assertEquals("16", p.get("layer_0.nOut"));
        assertEquals("relu", p.get("layer_0.activation"));
        assertEquals("tanh", p.get("layer_1.activation"));
        assertEquals("OutputLayer", p.get("layer_2.type"));
        assertEquals("softmax", p.get("layer_2.activation"));
        assertEquals("MCXENT", p.get("layer_2.lossFunction"));
        assertEquals("Adam", p.get("layer_2.updater"));
        assertEquals("0.01", p.get("layer_2.learning_rate"));
    }

    @Test
    void computationGraphParamsNameItsVertices() {
        Map<String, String> p = graph.data().params();
        assertEquals("7", p.get("seed"));
        assertEquals("flower", p.get("network_inputs"));
        assertEquals("species", p.get("network_outputs"));
        assertEquals("3", p.get("layer_count"));
        assertEquals("Nesterovs", p.get("updater"));
        assertEquals("0.05", p.get("learning_rate"));
        assertEquals(String.valueOf(GRAPH_EPOCHS), p.get("epochs"));
        assertEquals("species", p.get("layer_2.name"));
        assertEquals("16", p.get("layer_2.nIn"), "the merged 12 + 4 activations");
        assertTrue(List.of("wide", "narrow").contains(p.get("layer_0.name")));
    }

    @Test
    void lossIsLoggedPerIterationAndPerEpoch() {
        assertHistory(mln, MLN_EPOCHS);
        assertHistory(graph, GRAPH_EPOCHS);
        List<Metric> lr = client.getMetricHistory(mln.info().runId(), "learning_rate");
        assertEquals(MLN_EPOCHS * BATCHES_PER_EPOCH, lr.size());
        assertTrue(lr.stream().allMatch(m -> m.value() == 0.01));
        List<Metric> sps = client.getMetricHistory(mln.info().runId(), "samples_per_second");
        assertTrue(sps.stream().allMatch(m -> m.value() > 0), "throughput: " + sps);
        assertEquals(MLN_EPOCHS * BATCHES_PER_EPOCH, client.getMetricHistory(mln.info().runId(), "etl_time_ms").size());
    }

    private void assertHistory(Run run, int epochs) {
        List<Metric> loss = client.getMetricHistory(run.info().runId(), "loss");
        assertEquals(epochs * BATCHES_PER_EPOCH, loss.size(), "every iteration (every.n.iterations=1)");
        for (int i = 0; i < loss.size(); i++) assertEquals(i, loss.get(i).step());
        assertTrue(loss.stream().allMatch(m -> m.value() > 0 && m.value() < 5), loss.toString());
        List<Metric> epochLoss = client.getMetricHistory(run.info().runId(), "epoch_loss");
        assertEquals(epochs, epochLoss.size());
        for (int e = 0; e < epochs; e++) {
            assertEquals(e, epochLoss.get(e).step());
            double mean = loss.subList(e * BATCHES_PER_EPOCH, (e + 1) * BATCHES_PER_EPOCH).stream()
                    .mapToDouble(Metric::value).average().orElseThrow();
            assertEquals(mean, epochLoss.get(e).value(), 1e-9, "the mean loss of the epoch's iterations");
        }
        assertTrue(epochLoss.get(epochs - 1).value() < epochLoss.get(0).value(), "training made progress");
        assertEquals(epochs, client.getMetricHistory(run.info().runId(), "epoch_time_ms").size());
    }

    @Test
    void finalEvaluationMatchesWhatTheProgramComputed() {
        Matcher m = Pattern.compile("accuracy after \\d+ epochs: ([0-9.]+)").matcher(mlnOutput.stdout());
        assertTrue(m.find(), mlnOutput.describe());
        double printed = Double.parseDouble(m.group(1));
        assertEquals(printed, mln.data().metric("training_accuracy_score"), 0.0006);
        for (String k : List.of("training_precision_score", "training_recall_score", "training_f1_score",
                "training_roc_auc")) {
            double v = mln.data().metric(k);
            assertTrue(v > 0 && v <= 1, k + "=" + v);
        }
        assertTrue(mln.data().metric("training_log_loss") > 0);
        assertEquals("150", mln.data().params().get("training_metrics_rows"));
        assertTrue(graph.data().metric("training_accuracy_score") != null);
    }

    @Test
    void configurationAndSummaryAreArtifacts() throws Exception {
        List<String> names = client.listArtifacts(mln.info().runId(), null).stream().map(FileInfo::path).toList();
        assertTrue(names.containsAll(List.of("model_config.json", "model_summary.txt", "training_evaluation.txt")), names.toString());
        Path out = Files.createDirectories(dir.resolve("downloaded"));
        Path json = client.downloadArtifacts(mln.info().runId(), "model_config.json", out);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(Files.readString(json));
        assertEquals(IrisClassifier.configuration(42, 0.01).getConfs().size(), restored.getConfs().size());
        assertEquals(42, restored.getConf(0).getSeed());
        Path summary = client.downloadArtifacts(mln.info().runId(), "model_summary.txt", out);
        assertTrue(Files.readString(summary).contains("DenseLayer"));

        Path graphJson = client.downloadArtifacts(graph.info().runId(), "model_config.json", out);
        assertTrue(ComputationGraphConfiguration.fromJson(Files.readString(graphJson)).getVertices().containsKey("merged"));
    }

    @Test
    void loggedModelsLoadBackWithTheSameOutputs() throws Exception {
        INDArray flowers = IrisData.load(1).getFeatures();

        Object loaded = client.loadModel("runs:/" + mln.info().runId() + "/model");
        MultiLayerNetwork net = assertInstanceOf(MultiLayerNetwork.class, loaded);
        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("mln.zip").toFile());
        assertEquals(saved.output(flowers), net.output(flowers));
        assertEquals(saved.params(), net.params());

        LoggedModel logged = client.searchLoggedModels(List.of("0"), null, 100, null).items().stream()
                .filter(lm -> graph.info().runId().equals(lm.sourceRunId())).findFirst().orElseThrow();
        ComputationGraph g = assertInstanceOf(ComputationGraph.class, client.loadModel("models:/" + logged.modelId()));
        ComputationGraph savedGraph = ModelSerializer.restoreComputationGraph(dir.resolve("graph.zip").toFile());
        assertEquals(savedGraph.outputSingle(flowers), g.outputSingle(flowers));
        assertEquals("dl4j", logged.tags().get("mlflow.modelFlavor"));
    }

    @Test
    void realMlflowSeesTheRunsAndTheirModels() {
        JsonNode out = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                result = {}
                for r in c.search_runs(["0"]):
                    models = c.search_logged_models(experiment_ids=["0"],
                                                    filter_string=f"source_run_id = '{r.info.run_id}'")
                    info = mlflow.models.get_model_info(f"runs:/{r.info.run_id}/model")
                    result[r.data.params["model_class"]] = {
                        "status": r.info.status,
                        "loss_points": len(c.get_metric_history(r.info.run_id, "loss")),
                        "epoch_loss_points": len(c.get_metric_history(r.info.run_id, "epoch_loss")),
                        "accuracy": r.data.metrics.get("training_accuracy_score"),
                        "models": [[m.name, str(m.status)] for m in models],
                        "model_metrics": sorted(mt.key for m in models for mt in (m.metrics or [])),
                        "outputs": [o.model_id for o in r.outputs.model_outputs],
                        "flavors": sorted(info.flavors.keys()),
                        "data": info.flavors["dl4j"]["data"],
                        "artifacts": sorted(f.path for f in c.list_artifacts(r.info.run_id)),
                    }
                print(json.dumps(result))
                """);
        for (String cls : List.of("MultiLayerNetwork", "ComputationGraph")) {
            JsonNode r = out.get(cls);
            assertNotNull(r, out.toString());
            int epochs = cls.equals("MultiLayerNetwork") ? MLN_EPOCHS : GRAPH_EPOCHS;
            assertEquals("FINISHED", r.get("status").asText());
            assertEquals(epochs * BATCHES_PER_EPOCH, r.get("loss_points").asInt());
            assertEquals(epochs, r.get("epoch_loss_points").asInt());
            assertTrue(r.get("accuracy").asDouble() > 0.3, r.toString());
            assertEquals(1, r.get("models").size(), r.toString());
            assertEquals("model", r.get("models").get(0).get(0).asText());
            assertTrue(r.get("models").get(0).get(1).asText().contains("READY"), r.toString());
            assertEquals(1, r.get("outputs").size());
            assertTrue(r.get("model_metrics").toString().contains("\"training_accuracy_score\""), r.toString());
            assertEquals("[\"dl4j\"]", r.get("flavors").toString());
            assertEquals("model.zip", r.get("data").asText());
            assertTrue(r.get("artifacts").toString().contains("model_config.json"), r.toString());
        }
    }
}
