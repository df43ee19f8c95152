package io.jmlflow.integrations.tribuo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.samples.tribuo.TribuoSample;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.clustering.evaluation.ClusteringEvaluation;
import org.tribuo.clustering.evaluation.ClusteringEvaluator;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TribuoSample}, a program without MLflow code, run once in a JVM with {@code -javaagent:mlflow-agent.jar}
 * and a SQLite store; what it recorded is read back with our client and with the real Python MLflow. Reference
 * values come from training the same models here, in a JVM without the agent.
 */
class TribuoAutologTest {
    private static Path dir;
    private static String uri;
    private static JavaProcess.Result result;
    private static MlflowClient client;
    private static Map<String, Run> runs; // by trainer class simple name

    @BeforeAll
    static void runTheSampleUnderTheAgent() throws Exception {
        dir = Files.createTempDirectory("tribuo-sample");
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        result = TribuoJvm.withAgent(TribuoSample.class, null, uri).workDir(dir).run(180);
        assertEquals(0, result.exitCode(), result.describe());
        client = new MlflowClient(uri);
        String experiment = client.getExperimentByName("tribuo-sample").orElseThrow().experimentId();
        List<Run> all = client.searchRuns(List.of(experiment), "");
        assertEquals(4, all.size(), "one run per training, none for inner calls: " + all);
        runs = new java.util.HashMap<>();
        for (Run r : all) runs.put(r.data().tags().get("estimator_name"), r);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (client != null) client.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Run run(String trainer) {
        Run r = runs.get(trainer);
        assertNotNull(r, trainer + " has no run; runs: " + runs.keySet());
        return r;
    }

    private static double metric(Run run, String key) {
        Double v = run.data().metric(key);
        assertNotNull(v, key + " missing from " + run.data().metrics().stream().map(io.jmlflow.entities.Metric::key).toList());
        return v;
    }

    @Test
    void theProgramRunsAsWithoutTheAgentAndEachTrainingIsAFinishedAutologRun() {
        assertTrue(result.stdout().contains("decision tree:       accuracy"), result.stdout());
        assertFalse(result.stderr().contains("[mlflow] WARNING"), result.stderr());
        assertEquals(4, result.stderr().lines().filter(l -> l.startsWith("[mlflow] run ") && l.contains("FINISHED")
                        && !l.contains("(updated: ")).count(), // a line per run; reprinted when data reaches it later
                result.stderr());
        for (Run r : runs.values()) {
            assertEquals(RunStatus.FINISHED, r.info().status());
            assertEquals("tribuo", r.data().tags().get("mlflow.autologging"));
            assertEquals("4.3.2", r.data().tags().get("tribuo.version"));
        }
        assertEquals("org.tribuo.classification.dtree.CARTClassificationTrainer",
                run("CARTClassificationTrainer").data().tags().get("estimator_class"));
    }

    @Test
    void paramsAreTheTrainersConfigurationAndTheTrainingData() {
        Map<String, String> cart = run("CARTClassificationTrainer").data().params();
        assertEquals("6", cart.get("maxDepth"));
        assertEquals("org.tribuo.classification.dtree.impurity.GiniIndex", cart.get("impurity"));
        assertEquals("400", cart.get("dataset.num_examples"));
        assertEquals("2", cart.get("dataset.num_features"));
        assertEquals("2", cart.get("dataset.num_outputs"));
        assertTrue(cart.get("dataset.source").contains("CheckerboardDataSource") && cart.get("dataset.source").contains("seed=1"),
                cart.get("dataset.source"));

        Map<String, String> logistic = run("LogisticRegressionTrainer").data().params();
        assertEquals("org.tribuo.math.optimisers.AdaGrad", logistic.get("optimiser"));
        assertEquals("1.0", logistic.get("optimiser.initialLearningRate"));
        assertEquals("0.1", logistic.get("optimiser.epsilon"));
        assertEquals("org.tribuo.classification.sgd.objectives.LogMulticlass", logistic.get("objective"));
        assertEquals("5", logistic.get("epochs"));
        assertEquals("1000", logistic.get("loggingInterval"));
        assertEquals("600", logistic.get("dataset.num_examples"));

        assertEquals("100", run("LinearSGDTrainer").data().params().get("loggingInterval"));
        assertEquals("0.1", run("LinearSGDTrainer").data().params().get("optimiser.initialLearningRate"));
        assertEquals("5", run("KMeansTrainer").data().params().get("centroids"));
        assertEquals("5", run("KMeansTrainer").data().params().get("dataset.num_outputs"));
    }

    /** scikit-learn's weighted average of a per-label value: weighted by each label's support in the truth. */
    private static double weighted(LabelEvaluation ev, java.util.function.ToDoubleFunction<Label> perLabel) {
        double sum = 0;
        double n = 0;
        for (Label label : ev.getConfusionMatrix().getDomain().getDomain()) {
            double support = ev.getConfusionMatrix().support(label);
            sum += support * perLabel.applyAsDouble(label);
            n += support;
        }
        return sum / n;
    }

    @Test
    void trainingAndHeldOutMetricsHaveMlflowsNamesAndTribuosValues() {
        Model<Label> tree = TribuoSample.cartTrainer().train(TribuoSample.checkerboard(400, 1L));
        LabelEvaluation treeTrain = new LabelEvaluator().evaluate(tree, TribuoSample.checkerboard(400, 1L));
        LabelEvaluation treeTest = new LabelEvaluator().evaluate(tree, TribuoSample.checkerboard(200, 2L));
        Run cart = run("CARTClassificationTrainer");
        assertEquals(treeTrain.accuracy(), metric(cart, "training_accuracy_score"), 1e-12);
        assertEquals(treeTrain.accuracy(), metric(cart, "training_score"), 1e-12);
        assertEquals(weighted(treeTrain, treeTrain::precision), metric(cart, "training_precision_score"), 1e-9);
        assertEquals(weighted(treeTrain, treeTrain::recall), metric(cart, "training_recall_score"), 1e-9);
        assertEquals(weighted(treeTrain, treeTrain::f1), metric(cart, "training_f1_score"), 1e-9);
        assertEquals("400", cart.data().params().get("training_metrics_rows"));
        assertEquals(treeTest.accuracy(), metric(cart, "eval_accuracy_score"), 1e-12, "the first data evaluated: eval_");
        assertEquals(weighted(treeTest, treeTest::f1), metric(cart, "eval_f1_score"), 1e-9);
        assertNull(cart.data().metric("training_roc_auc"), "a tree gives no probabilities");
        assertNull(cart.data().metric("training_accuracy"), "renamed to training_accuracy_score");
        assertTrue(cart.data().tags().get("tribuo.dataset.eval").contains("seed=2"), cart.data().tags().toString());

        Model<Label> logistic = TribuoSample.logisticTrainer().train(TribuoSample.crescents(600, 3L));
        LabelEvaluation logisticTest = new LabelEvaluator().evaluate(logistic, TribuoSample.crescents(200, 4L));
        Run lr = run("LogisticRegressionTrainer");
        assertEquals(logisticTest.averageAUCROC(false), metric(lr, "eval_roc_auc"), 1e-9, "binary: weighted = macro AUC");
        assertEquals(logisticTest.accuracy(), metric(lr, "eval_accuracy_score"), 1e-12);
        assertTrue(metric(lr, "training_roc_auc") > 0.5);
        assertTrue(metric(lr, "training_log_loss") > 0.0);

        Model<Regressor> linear = TribuoSample.regressionTrainer().train(TribuoSample.regression(300, 5L));
        RegressionEvaluation linearTrain = new RegressionEvaluator().evaluate(linear, TribuoSample.regression(300, 5L));
        RegressionEvaluation linearTest = new RegressionEvaluator().evaluate(linear, TribuoSample.regression(150, 6L));
        Run reg = run("LinearSGDTrainer");
        assertEquals(linearTest.averageRMSE(), metric(reg, "eval_root_mean_squared_error"), 1e-9);
        assertEquals(linearTest.averageMAE(), metric(reg, "eval_mean_absolute_error"), 1e-9);
        assertEquals(linearTest.averageR2(), metric(reg, "eval_r2_score"), 1e-9);
        assertEquals(linearTrain.averageR2(), metric(reg, "training_r2_score"), 1e-9);
        assertEquals(linearTrain.averageR2(), metric(reg, "training_score"), 1e-9);
        assertEquals(linearTrain.averageRMSE() * linearTrain.averageRMSE(), metric(reg, "training_mean_squared_error"), 1e-9);
        assertTrue(metric(reg, "training_r2_score") > 0.5);

        var kmeans = TribuoSample.kmeansTrainer().train(TribuoSample.clusters(400, 7L));
        ClusteringEvaluation clusterTest = new ClusteringEvaluator().evaluate(kmeans, TribuoSample.clusters(200, 8L));
        Run km = run("KMeansTrainer");
        assertEquals(clusterTest.normalizedMI(), metric(km, "eval_normalized_mi"), "clustering keeps Tribuo's names");
        assertEquals(clusterTest.adjustedMI(), metric(km, "eval_adjusted_mi"));
        assertTrue(km.data().metric("training_normalized_mi") != null);
    }

    @Test
    void sgdTrainersRecordTheirLossAtEachReportedIteration() {
        List<Metric> logistic = client.getMetricHistory(run("LogisticRegressionTrainer").runId(), "training_loss");
        assertEquals(List.of(1000L, 2000L, 3000L), logistic.stream().map(Metric::step).toList(),
                "600 examples x 5 epochs, reported every 1000");
        List<Metric> linear = client.getMetricHistory(run("LinearSGDTrainer").runId(), "training_loss");
        assertEquals(15, linear.size());
        assertEquals(100L, linear.get(0).step());
        assertEquals(1500L, linear.get(14).step());
        assertTrue(linear.stream().allMatch(m -> Double.isFinite(m.value()) && m.value() > 0));
        assertTrue(linear.get(0).value() > linear.get(14).value(), "the loss went down: " + linear);
        assertTrue(client.getMetricHistory(run("CARTClassificationTrainer").runId(), "training_loss").isEmpty());
        assertTrue(result.stderr().contains("At iteration 1000, average loss = "), "still printed as without the agent");
    }

    @Test
    void theProvenanceArtifactIsTribuosJsonWithTheRunIdInside() throws Exception {
        for (Run r : runs.values()) {
            Path out = Files.createTempDirectory(dir, "artifacts");
            Path file = client.downloadArtifacts(r.runId(), "tribuo/model-provenance.json", out);
            String json = Files.readString(Files.isDirectory(file) ? file.resolve("model-provenance.json") : file);
            ModelProvenance provenance = (ModelProvenance) ProvenanceUtil.unmarshalProvenance(
                    new JsonProvenanceSerialization(false).deserializeFromString(json));
            assertEquals(r.runId(), runIdIn(provenance), json);
            assertEquals(r.data().tags().get("estimator_class"), provenance.getTrainerProvenance().getClassName());
        }
    }

    @Test
    void loggedModelsLoadBackAsTribuoModelsThatPredictAsModelsTrainedWithoutTheAgent() {
        check("CARTClassificationTrainer", TribuoSample::cartTrainer, TribuoSample.checkerboard(400, 1L), TribuoSample.checkerboard(200, 2L));
        check("LogisticRegressionTrainer", TribuoSample::logisticTrainer, TribuoSample.crescents(600, 3L), TribuoSample.crescents(200, 4L));
        check("LinearSGDTrainer", TribuoSample::regressionTrainer, TribuoSample.regression(300, 5L), TribuoSample.regression(150, 6L));
        check("KMeansTrainer", TribuoSample::kmeansTrainer, TribuoSample.clusters(400, 7L), TribuoSample.clusters(200, 8L));
    }

    private static <T extends Output<T>> void check(String trainer, Supplier<Trainer<T>> fresh, Dataset<T> train, Dataset<T> test) {
        Run r = run(trainer);
        assertEquals(1, r.modelOutputs().size());
        LoggedModel logged = client.getLoggedModel(r.modelOutputs().get(0));
        assertEquals("model", logged.name());
        assertEquals(LoggedModelStatus.READY, logged.status());
        assertEquals(r.runId(), logged.sourceRunId());
        assertEquals("tribuo", logged.tags().get("mlflow.modelFlavor"));

        @SuppressWarnings("unchecked")
        Model<T> loaded = (Model<T>) client.loadModel("runs:/" + r.runId() + "/model");
        assertEquals(r.runId(), runIdIn(loaded.getProvenance()), "the model names the run that recorded it");
        Model<T> reference = fresh.get().train(train);
        assertTrue(reference.getProvenance().getInstanceProvenance().getMap().isEmpty());
        assertEquals(outputs(reference.predict(test)), outputs(loaded.predict(test)),
                trainer + ": the stamped model predicts exactly as one trained without the agent");
        assertEquals(loaded.getClass(), ((Model<?>) client.loadModel("models:/" + logged.modelId())).getClass());
    }

    private static String runIdIn(ModelProvenance provenance) {
        return ((StringProvenance) provenance.getInstanceProvenance().getMap().get("mlflow-run-id")).getValue();
    }

    private static <T extends Output<T>> List<String> outputs(List<Prediction<T>> predictions) {
        return predictions.stream().map(p -> p.getOutput().getSerializableForm(true)).toList();
    }

    @Test
    void theRealMlflowClientSeesTheRunsMetricsArtifactsAndLoggedModels() {
        JsonNode seen = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("tribuo-sample")
                out = {}
                for r in c.search_runs([exp.experiment_id]):
                    models = mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format="list",
                                                         filter_string=f"source_run_id = '{r.info.run_id}'")
                    out[r.data.tags["estimator_name"]] = {
                        "status": r.info.status,
                        "autologging": r.data.tags.get("mlflow.autologging"),
                        "params": len(r.data.params),
                        "max_depth": r.data.params.get("maxDepth"),
                        "training_accuracy": r.data.metrics.get("training_accuracy_score"),
                        "loss_steps": [m.step for m in c.get_metric_history(r.info.run_id, "training_loss")],
                        "artifacts": [a.path for a in c.list_artifacts(r.info.run_id, "tribuo")],
                        "outputs": [o.model_id for o in r.outputs.model_outputs],
                        "models": [{"id": m.model_id, "name": m.name, "status": str(m.status),
                                    "flavors": list(mlflow.models.get_model_info(f"models:/{m.model_id}").flavors)}
                                   for m in models],
                    }
                print(json.dumps(out))
                """);
        assertEquals(4, seen.size(), seen.toString());
        for (Run r : runs.values()) {
            JsonNode p = seen.get(r.data().tags().get("estimator_name"));
            assertEquals("FINISHED", p.get("status").asText());
            assertEquals("tribuo", p.get("autologging").asText());
            assertEquals(r.data().params().size(), p.get("params").asInt());
            assertEquals("tribuo/model-provenance.json", p.get("artifacts").get(0).asText());
            assertEquals(r.modelOutputs().get(0), p.get("outputs").get(0).asText());
            assertEquals(1, p.get("models").size(), p.toString());
            JsonNode m = p.get("models").get(0);
            assertEquals(r.modelOutputs().get(0), m.get("id").asText());
            assertEquals("model", m.get("name").asText());
            assertTrue(m.get("status").asText().contains("READY"), m.toString());
            assertEquals("tribuo", m.get("flavors").get(0).asText());
        }
        JsonNode cart = seen.get("CARTClassificationTrainer");
        assertEquals("6", cart.get("max_depth").asText());
        assertEquals(run("CARTClassificationTrainer").data().metric("training_accuracy_score"), cart.get("training_accuracy").asDouble());
        assertEquals("[1000,2000,3000]", seen.get("LogisticRegressionTrainer").get("loss_steps").toString());
        assertEquals(15, seen.get("LinearSGDTrainer").get("loss_steps").size());
    }
}
