package io.jmlflow.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.PythonMlflow;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** The latest run in a folder's {@code ./mlflow.db} as the real Python MLflow client reads it. */
record RunContents(JsonNode json) {
    private static final String SCRIPT = String.join("\n",
            "import json, mlflow",
            "from mlflow import MlflowClient",
            "c = MlflowClient()",
            "exps = {e.experiment_id: e.name for e in c.search_experiments()}",
            "run = c.search_runs(list(exps), order_by=['attributes.start_time DESC'], max_results=1)[0]",
            "def artifacts(path=None):",
            "    out = []",
            "    for f in c.list_artifacts(run.info.run_id, path):",
            "        out += artifacts(f.path) if f.is_dir else [f.path]",
            "    return out",
            "models = [m for m in c.search_logged_models(list(exps)) if m.source_run_id == run.info.run_id]",
            "print(json.dumps({",
            "  'run_id': run.info.run_id, 'run': run.info.run_name, 'status': run.info.status,",
            "  'experiment': exps[run.info.experiment_id], 'experiment_id': run.info.experiment_id,",
            "  'params': run.data.params, 'metrics': run.data.metrics, 'tags': run.data.tags,",
            "  'history': {k: len(c.get_metric_history(run.info.run_id, k)) for k in run.data.metrics},",
            "  'datasets': [{'name': d.dataset.name, 'digest': d.dataset.digest,",
            "                'contexts': [t.value for t in d.tags if t.key == 'mlflow.data.context']}",
            "               for d in run.inputs.dataset_inputs],",
            "  'artifacts': artifacts(),",
            "  'models': [{'name': m.name, 'id': m.model_id, 'status': str(m.status), 'params': m.params,",
            "              'flavors': sorted(mlflow.models.get_model_info('models:/' + m.model_id).flavors)}",
            "             for m in models]}))");

    /** Reads the latest run of {@code sqlite:///mlflow.db} in {@code dir}. */
    static RunContents latest(Path dir) {
        return new RunContents(PythonMlflow.json("sqlite:///mlflow.db", dir, SCRIPT));
    }

    String runId() {
        return json.get("run_id").asText();
    }

    /**
     * Every name a user can meet in this run: its name and experiment's, param and metric keys, tag keys and
     * values, dataset names and contexts, artifact paths, logged models' names and flavors.
     */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        names.add(json.get("run").asText());
        names.add(json.get("experiment").asText());
        json.get("params").fieldNames().forEachRemaining(names::add);
        json.get("metrics").fieldNames().forEachRemaining(names::add);
        for (Iterator<String> it = json.get("tags").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            names.add(key);
            names.add(json.get("tags").get(key).asText());
        }
        for (JsonNode d : json.get("datasets")) {
            names.add(d.get("name").asText());
            d.get("contexts").forEach(c -> names.add(c.asText()));
        }
        json.get("artifacts").forEach(a -> names.add(a.asText()));
        for (JsonNode m : json.get("models")) {
            names.add(m.get("name").asText());
            m.get("flavors").forEach(f -> names.add(f.asText()));
        }
        return names;
    }
}
