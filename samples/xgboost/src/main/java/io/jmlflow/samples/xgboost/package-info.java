/**
 * A plain XGBoost4J program to copy: {@link io.jmlflow.samples.xgboost.CreditDefault} trains boosted trees on
 * generated loan applications ({@link io.jmlflow.samples.xgboost.CreditData}) with a watched validation set and early
 * stopping, and mentions MLflow nowhere. Run it with {@code -javaagent:mlflow-agent.jar}
 * ({@code bash scripts/run-sample.sh xgboost}) and the run, its per-round metrics, the feature importances and a model
 * that Python's {@code mlflow.xgboost} loads and serves are logged.
 */
package io.jmlflow.samples.xgboost;
