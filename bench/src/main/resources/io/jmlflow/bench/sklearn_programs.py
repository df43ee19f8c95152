"""The Python anchor of the process benchmark (io.jmlflow.bench.ProcessBenchmark): the scikit-learn programs nearest
to the Java ones, run as whole processes with and without mlflow.sklearn.autolog(), and the fluent loop through
MLflow's Python client. The tracking URI comes from MLFLOW_TRACKING_URI.

    python sklearn_programs.py [--autolog] forest ROWS FEATURES TREES [MAX_DEPTH]
    python sklearn_programs.py [--autolog] cv ROWS FEATURES FOLDS
    python sklearn_programs.py [--autolog] logistic
    python sklearn_programs.py [--autolog] mlp
    python sklearn_programs.py [--autolog] xgboost ROUNDS      (with --autolog: mlflow.xgboost.autolog())
    python sklearn_programs.py loop RUNS POINTS
"""
import sys
import time
import warnings


def blobs(rows, features, classes=3, noise=3.0, seed=42):
    """Gaussian blobs as the Java programs draw them (io.jmlflow.samples.smile.GaussianBlobs): centres uniform in
    [-4, 4] per dimension, spread noise, labels uniform."""
    import numpy as np
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-4, 4, (classes, features))
    y = rng.integers(0, classes, rows)
    return centres[y] + noise * rng.standard_normal((rows, features)), y


def forest(rows, features, trees, max_depth=0):
    from sklearn.ensemble import RandomForestClassifier
    x, y = blobs(rows, features)
    # Smile's defaults: depth 20, all cores
    model = RandomForestClassifier(n_estimators=trees, max_depth=max_depth or 20, n_jobs=-1, random_state=42)
    model.fit(x, y)
    accuracy = (model.predict(x) == y).mean()
    print("random forest: %d rows x %d features, %d trees, training accuracy %.4f" % (rows, features, trees, accuracy))


def cv(rows, features, folds):
    from sklearn.model_selection import cross_val_score
    from sklearn.tree import DecisionTreeClassifier
    x, y = blobs(rows, features)
    scores = cross_val_score(DecisionTreeClassifier(random_state=42), x, y, cv=folds)
    print("decision tree, %d-fold cross-validation: accuracy %.4f" % (folds, scores.mean()))


def logistic():
    from sklearn.datasets import make_moons
    from sklearn.linear_model import LogisticRegression
    x, y = make_moons(600, noise=0.1, random_state=3)
    x_test, y_test = make_moons(200, noise=0.1, random_state=4)
    model = LogisticRegression().fit(x, y)
    print("logistic regression: accuracy %.4f" % model.score(x_test, y_test))


def mlp():
    from sklearn.datasets import load_iris
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler
    x, y = load_iris(return_X_y=True)
    x = StandardScaler().fit_transform(x)
    # as the DL4J program (IrisClassifier): 16 and 8 hidden units, Adam at 0.01, 30 epochs of batches of 16
    model = MLPClassifier(hidden_layer_sizes=(16, 8), learning_rate_init=0.01, max_iter=30, batch_size=16,
                          alpha=1e-4, random_state=42)
    model.fit(x, y)
    print("accuracy after 30 epochs: %.3f" % model.score(x, y))


def xgboost(rounds):
    import numpy as np
    import xgboost as xgb
    # as the Java program (samples' CreditDefault): 2,000 rows x 5 to train, 500 to validate, both watched, depth-4
    # trees, one thread, early stopping after 5 rounds without progress
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2500, 5)).astype(np.float32)
    y = (x[:, 0] - 0.8 * x[:, 1] + 0.5 * rng.normal(size=2500) > 0).astype(np.float32)
    train, validation = xgb.DMatrix(x[:2000], label=y[:2000]), xgb.DMatrix(x[2000:], label=y[2000:])
    params = {"objective": "binary:logistic", "eval_metric": "logloss", "max_depth": 4, "eta": 0.1,
              "subsample": 0.9, "seed": 7, "nthread": 1, "verbosity": 0}
    booster = xgb.train(params, train, rounds, evals=[(train, "train"), (validation, "validation")],
                        early_stopping_rounds=5, verbose_eval=False)
    accuracy = float(((booster.predict(validation) > 0.5) == y[2000:]).mean())
    print("boosted trees: %d rounds, validation accuracy %.4f" % (booster.num_boosted_rounds(), accuracy))


def loop(runs, points):
    import mlflow
    start = time.perf_counter()
    for r in range(runs):
        with mlflow.start_run(run_name="loop-%d" % r):
            for step in range(points):
                mlflow.log_metric("loss", 1.0 / (1 + r + step), step=step)
    print("LOOP_MS %.1f" % ((time.perf_counter() - start) * 1000))


def main(argv):
    autolog = "--autolog" in argv
    argv = [a for a in argv if a != "--autolog"]
    warnings.filterwarnings("ignore")  # convergence warnings of the short MLP; the same with and without autolog
    if autolog:
        import mlflow
        if argv[0] == "xgboost":
            mlflow.xgboost.autolog()
        else:
            mlflow.sklearn.autolog()
    program = {"forest": forest, "cv": cv, "logistic": logistic, "mlp": mlp, "xgboost": xgboost, "loop": loop}[argv[0]]
    program(*[int(a) for a in argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
