/**
 * Spark MLlib autologging on the driver, after MLflow's {@code mlflow.pyspark.ml.autolog()}.
 *
 * <h2>What is instrumented</h2>
 * Classes of Spark ML's estimator, model and evaluator packages ({@code org.apache.spark.ml.Pipeline*},
 * {@code Predict*}, {@code classification}, {@code regression}, {@code clustering}, {@code recommendation},
 * {@code fpm}, {@code tuning}, {@code evaluation}; never {@code feature}: featurizers are logged as pipeline stages,
 * not on their own, as in MLflow) that declare {@code fit(Dataset)} (estimators; {@code Predictor.fit} covers every
 * classifier and regressor, third-party ones such as XGBoost4J-Spark's or SynapseML's too),
 * {@code fit(Dataset, Seq<ParamMap>)} (not logged, as in MLflow: one warning), {@code transform(Dataset)} (models) or
 * {@code evaluate(Dataset)} (evaluators). Only the outermost {@code fit} on a thread is logged: a pipeline's stages,
 * a search's trainings (also those on its pool threads when {@code parallelism > 1}: they inherit the training's
 * marker) and one-vs-rest's classifiers log nothing of their own.
 *
 * <h2>What is logged</h2>
 * <ul>
 *   <li>Params: every stage's params that have a value (set or default), named as MLflow names them
 *       ({@link io.jmlflow.integrations.spark.SparkParams}: {@code maxIter} on the root,
 *       {@code LogisticRegression.maxIter} in a pipeline, {@code VectorAssembler_2.inputCols} where a class occurs
 *       twice), values as Python's {@code str()}; tags {@code estimator_name}, {@code estimator_class};
 *       {@code estimator_info.json} (the hierarchy, each search's param maps and tuned estimator).</li>
 *   <li>The training DataFrame as the {@code train} dataset input (MLflow's {@code SparkDataset}: schema, digest of
 *       the plan's semantic hash, {@code approx_count} only when Spark already knows it, else {@code "unknown"}) and
 *       the files it was read from as the tag {@code sparkDatasourceInfo} ({@code path=...,format=...}, as the
 *       {@code mlflow-spark} listener writes it).</li>
 *   <li>{@code training_loss} per iteration (the objective history Spark keeps in the training summary of iterative
 *       models), {@code training_cost} (k-means), {@code training_log_likelihood} (Gaussian mixture): values Spark
 *       computed while training. Beyond MLflow, which logs none.</li>
 *   <li>{@code CrossValidator} / {@code TrainValidationSplit}: {@link io.jmlflow.integrations.spark.SparkTuning}
 *       (child runs, {@code best_*}, {@code search_results.csv}, {@code best_parameters.json}).</li>
 *   <li>The model as an MLflow 3 logged model {@code model} (and {@code best_model}, a search's best model) in
 *       MLflow's {@code spark} flavor ({@link io.jmlflow.integrations.spark.SparkModelFlavor}), for the models on
 *       MLflow's allowlist ({@link io.jmlflow.integrations.spark.SparkModelAllowlist}).</li>
 *   <li>{@code Evaluator.evaluate} of what a logged model's {@code transform} returned, after training:
 *       {@code eval_<metricName>} on the run and the logged model, the evaluated DataFrame as an {@code eval} input,
 *       {@code metric_info.json} ({@link io.jmlflow.integrations.spark.SparkEvaluation}).</li>
 * </ul>
 * No plots: MLflow's pyspark autologging draws none, and they would need the predictions over the training data.
 *
 * <h2>Spark jobs and threads</h2>
 * Nothing autologging does starts a Spark job except writing the model (Spark's own {@code MLWriter}, inside
 * {@code fit}, as MLflow's {@code log_model} is), and nothing runs on executors. What is read on the training
 * thread is the plan and objects the driver holds; the rest (MLflow requests, uploads) runs on the post-training
 * thread after {@code fit} returned. Models are written under {@code MLFLOW_DFS_TMP} (default {@code /tmp/mlflow}) on
 * the default Hadoop file system and copied to the driver, as MLflow does.
 *
 * <h2>Runs</h2>
 * {@code AutologRun}'s rules: a run of its own per outermost fit, or the user's active run ({@code exclusive}: none).
 *
 * <h2>Configuration</h2>
 * {@code autolog.spark.enabled}, the common {@code autolog.*} options; {@code dfs.tmp} ({@code MLFLOW_DFS_TMP}); the
 * Spark conf {@code spark.mlflow.pysparkml.autolog.logModelAllowlistFile} (MLflow's).
 *
 * <h2>Class loading and versions</h2>
 * Linked directly ({@code Library.Reach.DIRECT}): {@code spark-submit} puts Spark on the driver's application class
 * path. Only Spark ML's stable API crosses the link (no Scala collection types: {@code ParamMap.toList()} gives a
 * {@code java.util.List}); plan internals and training summaries are read by name ({@code SparkReflect}). Compiled
 * against Spark 3.5; tested with Spark 3.5.9 (Scala 2.12: unit, e2e, cross-language with pyspark 3.5.9) and 4.0.1
 * (Scala 2.13: {@code integrations/spark/e2e-spark4}, the same classes) on Java 17, where Spark needs its
 * {@code --add-opens} flags ({@code spark.java17.opens} in the root pom). Declared: {@code [3.5,3.6)} and
 * {@code [4.0,4.1)}.
 */
package io.jmlflow.integrations.spark;
