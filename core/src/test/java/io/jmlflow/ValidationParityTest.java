package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Warnings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same inputs through the Python client (the pinned MLflow, on a SQLite store of its own) and through ours: for
 * each, both accept it or both refuse it. Where Python raises, our logging calls warn once, naming the rule, and
 * store nothing (never a renamed key); our calls that create something throw {@code INVALID_PARAMETER_VALUE}.
 */
class ValidationParityTest {
    @TempDir
    Path dir;

    /** A model to log and register. */
    record Line(double slope) implements Serializable {
    }

    /**
     * One input: what is done ({@code op}) with which arguments. Ops: param, metric (key, value, step, timestamp),
     * tag, experiment, experiment_tag, registered_model, logged_model, alias, dataset (name, digest, input tag
     * value), uri.
     */
    record Case(String op, String... args) {
        String id() {
            StringBuilder b = new StringBuilder(op);
            for (String a : args) b.append(' ').append(a == null ? "None" : a.length() > 20 ? a.substring(0, 8)
                    + "...(" + a.length() + ")" : "'" + a + "'");
            return b.toString();
        }
    }

    static List<Case> cases() {
        String k251 = "k".repeat(251);
        return List.of(
                // refused by MLflow
                new Case("metric", "loss(train)", "1", "0", "1"),
                new Case("metric", "loss[train]", "1", "0", "1"),
                new Case("param", "a/../b", "1"),
                new Case("param", "../x", "1"),
                new Case("tag", "/abs", "v"),
                new Case("param", "a/", "1"),
                new Case("metric", "a//b", "1", "0", "1"),
                new Case("param", "./a", "1"),
                new Case("tag", ".", "v"),
                new Case("param", "", "1"),
                new Case("metric", "..a", "1", "0", "1"),
                new Case("param", "lr@1", "1"),
                new Case("tag", "t!", "v"),
                new Case("metric", "acc%", "1", "0", "1"),
                new Case("param", k251, "1"),
                new Case("metric", k251, "1", "0", "1"),
                new Case("tag", k251, "v"),
                new Case("metric", "m", "1", "0", "-1"),
                new Case("experiment", "e".repeat(501)),
                new Case("experiment", ""),
                new Case("experiment_tag", "t(x)", "v"),
                new Case("experiment_tag", "t", "v".repeat(20_001)),
                new Case("registered_model", "../x"),
                new Case("registered_model", "a:b"),
                new Case("registered_model", "."),
                new Case("registered_model", ""),
                new Case("logged_model", "my.model"),
                new Case("logged_model", "m%1"),
                new Case("logged_model", "a'b"),
                new Case("logged_model", ""),
                new Case("alias", "latest"),
                new Case("alias", "v1"),
                new Case("alias", "a b"),
                new Case("dataset", "d".repeat(501), "abc", "train"),
                new Case("dataset", "d", "a".repeat(37), "train"),
                new Case("dataset", "d", "abc", "v".repeat(501)),
                new Case("uri", "databricks"),
                new Case("uri", "databricks-uc"),
                new Case("uri", "uc"),
                new Case("uri", "file:"),
                // accepted by MLflow
                new Case("param", " ", "1"),
                new Case("param", "größe", "1"),
                new Case("param", "a b:c/d.e-f_g", "1"),
                new Case("param", "p", "v".repeat(6001)),
                new Case("param", "p", null),
                new Case("tag", "t", "v".repeat(8001)),
                new Case("metric", "m", "NaN", "0", "1"),
                new Case("metric", "m", "1", "-5", "1"),
                new Case("experiment", "e".repeat(500)),
                new Case("experiment", "a/b:c"),
                new Case("experiment_tag", "t", "v".repeat(20_000)),
                new Case("registered_model", "fraud model v2"),
                new Case("logged_model", "model-1"),
                new Case("alias", "champion"),
                new Case("dataset", "valid-data", "abc", "train"));
    }

    @BeforeEach
    @AfterEach
    void reset() {
        Mlflow.resetForTesting();
    }

    @Test
    void pythonAndJavaAcceptAndRefuseTheSameInputs() throws Exception {
        List<Case> cases = cases();
        Map<String, Boolean> py = python(cases);
        assertTrue(py.values().stream().filter(accepted -> !accepted).count() >= 30, "30+ refused by Python: " + py);
        Map<String, Boolean> java = java(cases);
        List<String> differ = new ArrayList<>();
        for (Case c : cases) {
            if (!py.get(c.id()).equals(java.get(c.id()))) {
                differ.add(c.id() + ": Python " + pythonSays.get(c.id()) + ", Java "
                        + (java.get(c.id()) ? "accepts" : "refuses"));
            }
        }
        assertEquals(List.of(), differ);
    }

    /** Python's outcome of each case, with its error message. */
    private final Map<String, String> pythonSays = new LinkedHashMap<>();

    /** What the pinned MLflow does with each case, on a SQLite store of its own. */
    private Map<String, Boolean> python(List<Case> cases) throws Exception {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Case c : cases) json.add(Map.of("id", c.id(), "op", c.op(), "args", java.util.Arrays.asList(c.args())));
        String script = """
                import json, mlflow
                from mlflow import MlflowClient
                from mlflow.entities import Dataset, DatasetInput, InputTag
                cases = json.loads(%s)
                c = MlflowClient()
                exp = c.create_experiment("parity")
                c.create_registered_model("am")
                base = c.create_logged_model(exp, name="base")
                c.create_model_version("am", source="models:/" + base.model_id, model_id=base.model_id)
                def run_case(op, a):
                    if op == "uri":
                        MlflowClient(a[0]).search_experiments()
                        return
                    if op == "experiment":
                        try:
                            mlflow.set_experiment(a[0])
                        finally:
                            mlflow.set_experiment(experiment_id=exp)
                        return
                    if op == "experiment_tag":
                        c.set_experiment_tag(exp, a[0], a[1])
                        return
                    if op == "registered_model":
                        c.create_registered_model(a[0])
                        return
                    if op == "logged_model":
                        c.create_logged_model(exp, name=a[0])
                        return
                    if op == "alias":
                        c.set_registered_model_alias("am", a[0], "1")
                        return
                    run_id = c.create_run(exp).info.run_id
                    with mlflow.start_run(run_id=run_id):
                        if op == "param":
                            mlflow.log_param(a[0], a[1])
                        elif op == "metric":
                            mlflow.log_metric(a[0], float(a[1]), step=int(a[2]), timestamp=int(a[3]))
                        elif op == "tag":
                            mlflow.set_tag(a[0], a[1])
                        elif op == "dataset":
                            c.log_inputs(run_id, [DatasetInput(Dataset(a[0], a[1], "local", "{}"),
                                                               [InputTag("mlflow.data.context", a[2])])])
                out = {}
                for case in cases:
                    try:
                        run_case(case["op"], case["args"])
                        out[case["id"]] = "accepted"
                    except Exception as e:
                        out[case["id"]] = "refused: " + str(e).splitlines()[0][:200]
                print(json.dumps(out))
                """.formatted(pythonString(new ObjectMapper().writeValueAsString(json)));
        JsonNode out = PythonMlflow.json("sqlite:///" + dir.resolve("python.db"), dir, script);
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (Case c : cases) {
            String outcome = out.get(c.id()).asText();
            results.put(c.id(), outcome.equals("accepted"));
            pythonSays.put(c.id(), outcome);
        }
        return results;
    }

    /** A Python string literal holding {@code text}. */
    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** What we do with each case: through the fluent API where Python's call is a logging one. */
    private Map<String, Boolean> java(List<Case> cases) throws Exception {
        Mlflow.setTrackingUri("sqlite:///" + dir.resolve("java.db"));
        MlflowClient client = Mlflow.client();
        String exp = client.createExperiment("parity");
        String baseRun = client.createRun(exp).info().runId();
        LoggedModel base = client.logModel(baseRun, new Line(1), "base");
        client.registerModel("models:/" + base.modelId(), "am");
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (Case c : cases) {
            boolean[] outcome = new boolean[1];
            List<String> warnings = Warnings.during(() -> outcome[0] = java(c, client, exp, base));
            boolean accepted = outcome[0];
            if (!accepted && !c.op().equals("uri") && !c.op().equals("registered_model") && !c.op().equals("alias")) {
                // a refusal by a logging call is one warning that says what was not logged and why
                assertTrue(warnings.stream().anyMatch(w -> w.startsWith("WARNING: ") && w.contains("not ")),
                        c.id() + " refused without a warning: " + warnings);
            }
            results.put(c.id(), accepted);
        }
        return results;
    }

    private boolean java(Case c, MlflowClient client, String exp, LoggedModel base) {
        String[] a = c.args();
        switch (c.op()) {
            case "uri":
                try (MlflowClient other = new MlflowClient(a[0])) {
                    other.searchExperiments("");
                    return true;
                } catch (MlflowException e) {
                    assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode(), e.getMessage());
                    assertTrue(e.getMessage().contains("jmlflow supports sqlite:///"), e.getMessage());
                    return false;
                }
            case "experiment": {
                Experiment e = Mlflow.setExperiment(a[0]);
                Mlflow.setExperimentById(exp);
                return e != null;
            }
            case "experiment_tag":
                client.setExperimentTag(exp, a[0], a[1]);
                return a[1].equals(client.getExperiment(exp).tags().get(a[0]));
            case "registered_model":
                return createsOrRefuses(() -> client.registerModel("models:/" + base.modelId(), a[0]));
            case "alias":
                return createsOrRefuses(() -> client.setRegisteredModelAlias("am", a[0], "1"));
            default:
                break;
        }
        try (ActiveRun run = Mlflow.startRun(RunOptions.create().experimentId(exp))) {
            switch (c.op()) {
                case "param" -> run.logParam(a[0], a[1]);
                case "metric" -> run.logMetric(a[0], Double.parseDouble(a[1]), Long.parseLong(a[2]),
                        Long.parseLong(a[3]));
                case "tag" -> run.setTag(a[0], a[1]);
                case "logged_model" -> {
                    return run.logModel(new Line(2), a[0], Map.of()) != null;
                }
                case "dataset" -> run.logInput(new Dataset(a[0], a[1], "local", "{}", null, null), a[2]);
                default -> throw new IllegalArgumentException(c.op());
            }
            Run stored = run.fetch();
            boolean accepted = switch (c.op()) {
                case "param" -> stored.data().params().containsKey(a[0]);
                case "metric" -> stored.data().metrics().stream().anyMatch(m -> m.key().equals(a[0]));
                case "tag" -> stored.data().tags().containsKey(a[0]);
                default -> !stored.datasetInputs().isEmpty();
            };
            if (!accepted) {
                assertEquals(List.of(), userData(stored), c.id() + ": nothing is stored under another name");
            }
            return accepted;
        }
    }

    /** The params, metrics and non-system tags of a run. */
    private static List<String> userData(Run run) {
        List<String> out = new ArrayList<>(run.data().params().keySet());
        run.data().metrics().forEach(m -> out.add(m.key()));
        run.data().tags().keySet().stream().filter(k -> !k.startsWith("mlflow.")).forEach(out::add);
        return out;
    }

    private static boolean createsOrRefuses(Runnable call) {
        try {
            call.run();
            return true;
        } catch (MlflowException e) {
            assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode(), e.getMessage());
            return false;
        }
    }
}
