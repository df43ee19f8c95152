"""The Python side of the README's comparison: the same kind of fit as the main job's Smile sample (a random forest,
50 trees, depth 12, on 2,000 rows of 3 Gaussian blobs in 4 dimensions) under `mlflow.sklearn.autolog()`.

    .venv/bin/python docs/sklearn_random_forest.py      # logs to ./mlflow.db, as the agent does
"""
import mlflow
from sklearn.datasets import make_blobs
from sklearn.ensemble import RandomForestClassifier

mlflow.set_tracking_uri("sqlite:///mlflow.db")
mlflow.sklearn.autolog()
x, y = make_blobs(n_samples=2000, n_features=4, centers=3, cluster_std=1.5, random_state=7)
RandomForestClassifier(n_estimators=50, max_depth=12, random_state=7).fit(x, y)
