package io.jmlflow.integrations.xgboost.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.samples.xgboost.CreditData;
import io.jmlflow.samples.xgboost.CreditDefault;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XGBoost4J trainings in JVMs started with the agent, into one store, read back by the real MLflow (Python) as the
 * judge: the sample {@link CreditDefault} (watched train and validation sets, early stopping), a custom objective with
 * a custom evaluation, and a three-class booster with two importance types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XGBoostAutologTest {
    private Path dir;
    private String uri;
    private int boostedRounds;
    private int bestIteration;
    private JsonNode credit;
    private JsonNode custom;
    private JsonNode multiclass;
    private JsonNode tribuo;
    private JsonNode evaluated;
    private double holdoutLogloss;
    private String creditStderr;

    /** What Python's MLflow reads of the one run of an experiment, as JSON. */
    private static final String JUDGE = """
            import json, mlflow, os, sys
            c = mlflow.MlflowClient()
            out = {}
            for name in %s:
                e = c.get_experiment_by_name(name)
                r = c.search_runs([e.experiment_id])[0]
                hist = {k: [[m.step, m.value] for m in sorted(c.get_metric_history(r.info.run_id, k), key=lambda m: m.step)]
                        for k in r.data.metrics}
                arts = [a.path for a in c.list_artifacts(r.info.run_id)]
                imp = {}
                for a in arts:
                    if a.startswith("feature_importance_") and a.endswith(".json"):
                        imp[a] = json.load(open(mlflow.artifacts.download_artifacts(run_id=r.info.run_id, artifact_path=a)))
                models = mlflow.search_logged_models(experiment_ids=[e.experiment_id], output_format="list")
                out[name] = {"status": r.info.status, "params": r.data.params, "tags": r.data.tags, "history": hist,
                    "artifacts": arts, "importances": imp,
                    "inputs": [[i.dataset.name, [t.value for t in i.tags if t.key == "mlflow.data.context"][0],
                                json.loads(i.dataset.profile)["num_rows"]] for i in r.inputs.dataset_inputs],
                    "models": [[m.status, m.name, m.source_run_id == r.info.run_id,
                                sorted(mlflow.models.get_model_info(m.model_uri).flavors)] for m in models],
                    "model_metrics": [[x.key, x.dataset_name, x.dataset_digest] for m in models for x in (m.metrics or [])],
                    "train_input": [[i.dataset.name, i.dataset.digest] for i in r.inputs.dataset_inputs
                                    if [t.value for t in i.tags if t.key == "mlflow.data.context"] == ["train"]],
                    "eval_inputs": [[i.dataset.name, i.dataset.digest] for i in r.inputs.dataset_inputs
                                    if [t.value for t in i.tags if t.key == "mlflow.data.context"] == ["eval"]]}
            print(json.dumps(out))
            """;

    @BeforeAll
    void train(@TempDir Path tempDir) {
        dir = tempDir;
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = run("credit", CreditDefault.class.getName(), null);
        creditStderr = r.stderr();
        Matcher m = Pattern.compile("boosted trees: (\\d+) rounds \\(best (\\d+)\\)").matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        boostedRounds = Integer.parseInt(m.group(1));
        bestIteration = Integer.parseInt(m.group(2));
        run("custom", XGBoostPrograms.class.getName(), null, "custom");
        run("multiclass", XGBoostPrograms.class.getName(), "autolog.xgboost.importance.types=weight;total_gain",
                "multiclass");
        run("tribuo", XGBoostPrograms.class.getName(), null, "tribuo");
        JavaProcess.Result e = run("evaluated", XGBoostPrograms.class.getName(), null, "evaluated");
        Matcher logloss = Pattern.compile("EVALUATION \\[0\\]\\sholdout-logloss:([0-9.]+)").matcher(e.stdout());
        assertTrue(logloss.find(), e.stdout());
        holdoutLogloss = Double.parseDouble(logloss.group(1));
        JsonNode all = PythonMlflow.json(uri, dir,
                String.format(JUDGE, "['credit', 'custom', 'multiclass', 'tribuo', 'evaluated']"));
        evaluated = all.get("evaluated");
        tribuo = all.get("tribuo");
        credit = all.get("credit");
        custom = all.get("custom");
        multiclass = all.get("multiclass");
    }

    private JavaProcess.Result run(String experiment, String main, String agentArgs, String... args) {
        return AgentJvm.ok(AgentJvm.traced(AgentJvm.plain(getClass(), main, args), uri, agentArgs)
                .env("MLFLOW_EXPERIMENT_NAME", experiment).workDir(dir));
    }

    private static List<Double> steps(JsonNode run, String metric) {
        List<Double> out = new ArrayList<>();
        JsonNode h = run.get("history").get(metric);
        assertNotNull(h, metric + " in " + run.get("history").fieldNames());
        for (JsonNode p : h) out.add(p.get(0).asDouble());
        return out;
    }

    private static double value(JsonNode run, String metric, int step) {
        for (JsonNode p : run.get("history").get(metric)) if (p.get(0).asInt() == step) return p.get(1).asDouble();
        throw new AssertionError(metric + " has no step " + step);
    }

    /**
     * XGBoost4J logs through commons-logging 1.3, which initialises SLF4J whenever its API is on the class path: an
     * API shipped in the agent's jar made every XGBoost program print SLF4J's three no-provider warnings.
     */
    @Test
    void theAgentAddsNoSlf4jNoticesToAProgramWithoutSlf4j() {
        assertFalse(creditStderr.contains("SLF4J"), creditStderr);
    }

    @Test
    void theBoostersParamsAndTheCallsAreLoggedAsMlflowNamesThem() {
        assertEquals("FINISHED", credit.get("status").asText());
        JsonNode p = credit.get("params");
        assertEquals("binary:logistic", p.get("objective").asText());
        assertEquals("4", p.get("max_depth").asText());
        assertEquals("0.1", p.get("eta").asText());
        assertEquals("50", p.get("num_boost_round").asText());
        assertEquals("5", p.get("early_stopping_rounds").asText());
        assertEquals("None", p.get("maximize").asText());
        assertEquals("None", p.get("custom_metric").asText());
        assertEquals("xgboost", credit.get("tags").get("mlflow.autologging").asText());
        assertEquals("ml.dmlc.xgboost4j.java.Booster", credit.get("tags").get("estimator_class").asText());
    }

    @Test
    void everyRoundOfEveryWatchIsAMetricPointAndEarlyStoppingAddsTheBestRound() {
        assertTrue(boostedRounds < 50 && bestIteration < boostedRounds, "the sample stops early: " + boostedRounds);
        for (String key : List.of("train-logloss", "validation-logloss")) {
            List<Double> steps = steps(credit, key);
            // one point per round (steps 0 .. rounds-1), then the best round's value at step = rounds, as MLflow
            assertEquals(boostedRounds + 1, steps.size(), key + ": " + steps);
            for (int i = 0; i <= boostedRounds; i++) assertEquals(i, steps.get(i).intValue(), key);
            assertEquals(value(credit, key, bestIteration), value(credit, key, boostedRounds), 0, key);
        }
        assertEquals(boostedRounds - 1, value(credit, "stopped_iteration", 0), 0);
        assertEquals(bestIteration, value(credit, "best_iteration", 0), 0);
        List<Double> loss = new ArrayList<>();
        for (JsonNode point : credit.get("history").get("train-logloss")) loss.add(point.get(1).asDouble());
        assertTrue(loss.get(boostedRounds - 1) < loss.get(0), "the training loss falls: " + loss);
    }

    @Test
    void featureImportancesAreJsonByFeatureNameAndAPlotPerType() {
        JsonNode weights = credit.get("importances").get("feature_importance_weight.json");
        assertNotNull(weights, credit.get("artifacts").toString());
        List<String> names = new ArrayList<>();
        weights.fieldNames().forEachRemaining(names::add);
        assertTrue(List.of(CreditData.FEATURES).containsAll(names) && names.size() >= 4, names.toString());
        weights.forEach(w -> assertTrue(w.asDouble() >= 1 && w.asDouble() == Math.rint(w.asDouble()), weights.toString()));
        assertTrue(credit.get("artifacts").toString().contains("feature_importance_weight.svg"));

        // data without feature names: XGBoost's names f0, f1, ...; both types asked for
        for (String type : List.of("weight", "total_gain")) {
            JsonNode scores = multiclass.get("importances").get("feature_importance_" + type + ".json");
            assertNotNull(scores, type + ": " + multiclass.get("artifacts"));
            assertTrue(scores.size() > 0, type);
            scores.fieldNames().forEachRemaining(f -> assertTrue(f.matches("f[0-3]"), scores.toString()));
            assertTrue(multiclass.get("artifacts").toString().contains("feature_importance_" + type + ".svg"));
        }
    }

    @Test
    void theTrainingDataAndTheWatchedSetsAreDatasetInputs() {
        assertEquals("[[\"dataset\",\"train\",2000],[\"train\",\"eval\",2000],[\"validation\",\"eval\",500]]",
                sorted(credit.get("inputs")));
    }

    @Test
    void aProgramsOwnEvalSetAfterTrainingIsAnEvalInputThatTheModelsMetricNames() {
        String holdoutDigest = null;
        for (JsonNode i : evaluated.get("eval_inputs")) {
            if (i.get(0).asText().equals("holdout")) holdoutDigest = i.get(1).asText();
        }
        assertNotNull(holdoutDigest, "the evaluated DMatrix as an eval input: " + evaluated.get("eval_inputs"));
        List<String> keys = new ArrayList<>();
        for (JsonNode m : evaluated.get("model_metrics")) {
            if (!m.get(1).asText().equals("holdout")) continue;
            assertEquals(holdoutDigest, m.get(2).asText(), m.toString());
            keys.add(m.get(0).asText());
        }
        assertEquals(1, keys.size(), "the model's metrics of the holdout: " + evaluated.get("model_metrics"));
        assertTrue(keys.get(0).startsWith("eval_") && keys.get(0).endsWith("logloss"), keys.toString());
        assertEquals(holdoutLogloss, value(evaluated, keys.get(0), 0), 1e-4, "as evalSet returned it to the program");
    }

    private static String sorted(JsonNode inputs) {
        List<String> rows = new ArrayList<>();
        for (JsonNode i : inputs) rows.add(i.toString());
        rows.sort(null);
        return "[" + String.join(",", rows) + "]";
    }

    @Test
    void theModelIsAReadyLoggedModelInTheXgboostAndPythonFunctionFlavors() {
        for (JsonNode run : List.of(credit, custom, multiclass)) {
            assertEquals(1, run.get("models").size(), run.toString());
            assertEquals("[\"READY\",\"model\",true,[\"python_function\",\"xgboost\"]]", run.get("models").get(0).toString());
        }
    }

    @Test
    void aCustomObjectiveAndEvaluationAreLoggedByTheirNames() {
        assertEquals(XGBoostPrograms.ErrorRate.class.getName(), custom.get("params").get("custom_metric").asText());
        assertEquals("None", custom.get("params").get("early_stopping_rounds").asText());
        for (String key : List.of("train-error-rate", "validation-error-rate")) {
            assertEquals(XGBoostPrograms.CUSTOM_ROUNDS, steps(custom, key).size(), key);
        }
        // a custom objective's outputs are raw margins: no training metrics are made up from them
        custom.get("history").fieldNames().forEachRemaining(k -> assertTrue(!k.startsWith("training_"), k));
    }

    @Test
    void classifiersGetMlflowsTrainingMetricsAndPlots() {
        for (JsonNode run : List.of(credit, multiclass)) {
            assertTrue(run.get("history").has("training_accuracy_score"), run.get("history").toString());
            assertTrue(run.get("history").has("training_log_loss"), run.get("history").toString());
            assertTrue(run.get("artifacts").toString().contains("training_confusion_matrix.svg"));
            // issue 24: each training metric once, onto the model and carrying the train dataset
            assertEquals(1, run.get("history").get("training_accuracy_score").size(), run.get("history").toString());
            JsonNode train = run.get("train_input").get(0);
            int training = 0;
            for (JsonNode m : run.get("model_metrics")) {
                if (!m.get(0).asText().startsWith("training_")) continue;
                training++;
                assertEquals(train.get(0).asText(), m.get(1).asText(), m.toString());
                assertEquals(train.get(1).asText(), m.get(2).asText(), m.toString());
            }
            assertTrue(training >= 2, run.get("model_metrics").toString());
        }
        assertEquals(XGBoostPrograms.MULTICLASS_ROUNDS, steps(multiclass, "train-mlogloss").size());
    }

    @Test
    void tribuosXGBoostTrainerKeepsItsRunAndFlavorAndGainsTheFeatureImportances() {
        assertEquals("tribuo", tribuo.get("tags").get("mlflow.autologging").asText(), "one run, Tribuo's");
        assertEquals("[\"READY\",\"model\",true,[\"tribuo\"]]", tribuo.get("models").get(0).toString());
        assertEquals(1, tribuo.get("models").size());
        JsonNode weights = tribuo.get("importances").get("feature_importance_weight.json");
        assertNotNull(weights, tribuo.get("artifacts").toString());
        weights.fieldNames().forEachRemaining(f -> assertTrue(List.of(CreditData.FEATURES).contains(f), weights.toString()));
        assertTrue(tribuo.get("artifacts").toString().contains("feature_importance_weight.svg"));
        assertTrue(!tribuo.get("params").has("num_boost_round"), "XGBoost's own call logs nothing: " + tribuo.get("params"));
    }

    @Test
    void ourClientReadsTheSameRuns() {
        try (MlflowClient client = new MlflowClient(uri)) {
            Run run = Runs.all(client, "credit").get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(boostedRounds + 1, Runs.history(client, run.runId(), "validation-logloss").size());
            assertEquals(1, run.modelOutputs().size());
        }
    }
}
