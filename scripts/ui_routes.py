"""Where a run is in the MLflow 3.17 UI, asked of a running `mlflow server`/`mlflow ui` over its REST API.

Standard library only (no `import mlflow`, which takes seconds). As a program: prints the UI address of the
latest run, e.g. `python ui_routes.py http://127.0.0.1:5000`.
"""
import json
import sys
import urllib.request


def call(base, path, body=None):
    """POSTs `body` (or GETs when None) to `base + path` and returns the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as answer:
        return json.loads(answer.read() or b"{}")


def latest_run(base):
    """The most recently started run of any active experiment: its (experiment id, run id), or None."""
    experiments = call(base, "/api/2.0/mlflow/experiments/search", {"max_results": 1000}).get("experiments", [])
    ids = [e["experiment_id"] for e in experiments]
    if not ids:
        return None
    runs = call(base, "/api/2.0/mlflow/runs/search", {
        "experiment_ids": ids, "max_results": 1, "order_by": ["attributes.start_time DESC"]}).get("runs", [])
    return (runs[0]["info"]["experiment_id"], runs[0]["info"]["run_id"]) if runs else None


def logged_model(base, experiment_id, run_id):
    """The id of the first logged model that `run_id` produced, or None."""
    models = call(base, "/api/2.0/mlflow/logged-models/search", {
        "experiment_ids": [experiment_id], "max_results": 100}).get("models", [])
    for m in models:
        if m["info"].get("source_run_id") == run_id:
            return m["info"]["model_id"]
    return None


def latest_run_with_model(base):
    """The latest run and its first logged model: (experiment id, run id, model id); exits when there is none."""
    found = latest_run(base)
    if found is None:
        raise SystemExit("no run at " + base)
    experiment_id, run_id = found
    model_id = logged_model(base, experiment_id, run_id)
    if model_id is None:
        raise SystemExit("run %s has no logged model" % run_id)
    return experiment_id, run_id, model_id


def run_url(base, experiment_id, run_id, tab=""):
    """The run's page (`tab`: "", "artifacts", "artifacts/<path>", "model-metrics"), in the Model training view."""
    path = "/experiments/%s/runs/%s%s" % (experiment_id, run_id, "/" + tab if tab else "")
    return "%s/#%s?workflowType=machine_learning" % (base, path)


def model_url(base, experiment_id, model_id):
    return "%s/#/experiments/%s/models/%s?workflowType=machine_learning" % (base, experiment_id, model_id)


if __name__ == "__main__":
    found = latest_run(sys.argv[1])
    if found is None:
        sys.exit("no run in this store")
    print(run_url(sys.argv[1], *found))
