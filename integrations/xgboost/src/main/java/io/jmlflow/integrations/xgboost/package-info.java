/**
 * XGBoost4J autologging, after MLflow's {@code mlflow.xgboost.autolog()} for {@code xgboost.train}.
 *
 * <p><b>What is instrumented.</b> Every public static {@code train} overload and {@code trainAndSaveCheckpoint} of
 * {@code ml.dmlc.xgboost4j.java.XGBoost} (they call each other: the outermost call is logged). The Scala API's
 * {@code ml.dmlc.xgboost4j.scala.XGBoost.train} calls them, so Scala programs are logged the same way. And the
 * booster's two {@code evalSet} methods that compute metrics ({@code evalSet(DMatrix[], String[], int)} for the
 * built-in metrics, {@code evalSet(DMatrix[], String[], IEvaluation, float[])} for a custom evaluation), which
 * {@code train} calls every round and users call to evaluate.
 *
 * <p><b>What is logged.</b> Params: the booster's params map as given, and {@code num_boost_round},
 * {@code early_stopping_rounds} ({@code None} without), {@code maximize} ({@code maximize_evaluation_metrics}, else
 * {@code None}) and {@code custom_metric} (the {@code IEvaluation}'s class, else {@code None}), MLflow's names; tags
 * {@code estimator_name=Booster}, {@code estimator_class}. Every round: each watched {@code DMatrix}'s metrics as
 * {@code <watch>-<metric>} at step = round ({@code @} becomes {@code _at_}). With early stopping:
 * {@code stopped_iteration}, {@code best_iteration} and the best round's metrics at step = the number of rounds, as
 * MLflow. After training (on the post-training thread, from copies taken when {@code train} returned): the dataset
 * inputs ({@code dataset}, context {@code train}; each watch under its name, context {@code eval}; schema from the
 * feature names or {@code f0, f1, ...}; digest over the first labels, the shape and the names, a {@code DMatrix}
 * being unreadable in Java); {@code feature_importance_<type>.json} and {@code .svg} for each importance type
 * ({@code autolog.xgboost.importance.types}, default {@code weight}, as MLflow); for classifier and regression
 * objectives MLflow's {@code training_*} metrics on the first rows (at most {@code autolog.xgboost.sample.rows},
 * default 10,000) and, for classifiers, the plots (what MLflow's autologging of XGBoost's scikit-learn estimators
 * logs); the model, an MLflow 3 logged model named {@code model} in the {@code xgboost} and
 * {@code python_function} flavors ({@link io.jmlflow.integrations.xgboost.XGBoostModelFlavor}), with a signature
 * from the features; {@code estimator.html}. A user's {@code evalSet} on a logged booster afterwards logs
 * {@code eval_<metric>} to its run and model. A training that throws ends its run FAILED without a model.
 *
 * <p><b>Runs.</b> A run of its own per training ({@code XGBoost}), or the user's active run (MLflow's rules,
 * {@code AutologRun}); a call made inside another library's autologged training (Tribuo's XGBoost trainers) logs
 * nothing of its own: Tribuo's run, model and flavor stand, and Tribuo autologging adds the feature importances
 * by Tribuo's feature names.
 *
 * <p><b>Configuration.</b> {@code autolog.xgboost.enabled}, {@code autolog.xgboost.importance.types} (comma-,
 * semicolon- or space-separated; semicolons in agent arguments), {@code autolog.xgboost.sample.rows}, and the common
 * {@code autolog.*} options; {@code model.python.version} (default 3.12) is the Python the model's environment files
 * name.
 *
 * <p><b>Class loading.</b> Linked against XGBoost4J directly ({@code Reach.DIRECT}): XGBoost4J must be on the
 * application class path, where applications put it. Its class files are Java 8.
 *
 * <p><b>Versions.</b> {@code ml.dmlc:xgboost4j_2.12} 1.6 up to 4.0: tested with 3.4.0 (and Python's {@code xgboost}
 * 3.2.0 reading its models) and, through Tribuo 4.3's XGBoost trainers, 1.6.2's shape. What 1.6 lacks (feature
 * names) is read by name ({@link io.jmlflow.integrations.xgboost.Compat}). Other Scala builds
 * ({@code xgboost4j_2.13}) have no {@code pom.properties} this reads: their version counts as unknown, and the shape
 * check decides.
 */
package io.jmlflow.integrations.xgboost;
