"""The Python anchor of the process benchmark (io.jmlflow.bench.ProcessBenchmark): the scikit-learn programs nearest
to the Java ones, run as whole processes with and without mlflow.sklearn.autolog(), and the fluent loop through
MLflow's Python client. The tracking URI comes from MLFLOW_TRACKING_URI.

    python sklearn_programs.py [--autolog] forest ROWS FEATURES TREES [MAX_DEPTH]
    python sklearn_programs.py [--autolog] cv ROWS FEATURES FOLDS
    python sklearn_programs.py [--autolog] logistic
    python sklearn_programs.py [--autolog] mlp
    python sklearn_programs.py [--autolog] xgboost ROUNDS      (with --autolog: mlflow.xgboost.autolog())
    python sklearn_programs.py loop RUNS POINTS
    python sklearn_programs.py [--autolog] sparkcv ROWS   (pyspark; --autolog is mlflow.pyspark.ml.autolog())
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


def sparkcv(rows):
    """As the Java ChurnCrossValidation (io.jmlflow.samples.spark): the churn pipeline, 3 folds over regParam x
    elasticNetParam, parallelism 2, local[2]; the same kind of data drawn with Python's random."""
    import random
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import LogisticRegression
    from pyspark.ml.evaluation import BinaryClassificationEvaluator
    from pyspark.ml.feature import StandardScaler, VectorAssembler
    from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("churn-cv").config("spark.ui.enabled", "false")
             .getOrCreate())
    rnd = random.Random(42)
    data = []
    for _ in range(rows):
        tenure, monthly, calls, usage = rnd.random() * 60, 20 + rnd.random() * 80, float(rnd.randrange(8)), rnd.gauss(50, 10)
        z = -0.08 * tenure + 0.03 * monthly + 0.5 * calls - 0.02 * usage + rnd.gauss(0, 0.8)
        data.append((tenure, monthly, calls, usage, 1.0 if z > 0 else 0.0))
    features = ["tenure", "monthly", "support_calls", "usage"]
    df = spark.createDataFrame(data, features + ["churned"])
    lr = LogisticRegression(labelCol="churned", maxIter=20, regParam=0.01)
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=features, outputCol="raw"),
                                StandardScaler(inputCol="raw", outputCol="features"), lr])
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.3]).addGrid(lr.elasticNetParam, [0.0, 0.5]).build()
    model = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, numFolds=3, seed=7, parallelism=2,
                           evaluator=BinaryClassificationEvaluator(labelCol="churned")).fit(df)
    print("best average areaUnderROC over 3 folds: %.4f" % max(model.avgMetrics))
    spark.stop()


def main(argv):
    autolog = "--autolog" in argv
    argv = [a for a in argv if a != "--autolog"]
    warnings.filterwarnings("ignore")  # convergence warnings of the short MLP; the same with and without autolog
    if autolog:
        import mlflow
        if argv[0] == "xgboost":
            mlflow.xgboost.autolog()
        elif argv[0] == "sparkcv":
            mlflow.pyspark.ml.autolog()
        else:
            mlflow.sklearn.autolog()
    program = {"forest": forest, "cv": cv, "logistic": logistic, "mlp": mlp, "xgboost": xgboost, "sparkcv": sparkcv,
               "loop": loop}[argv[0]]
    program(*[int(a) for a in argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
