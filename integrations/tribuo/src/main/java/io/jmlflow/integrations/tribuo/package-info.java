/**
 * Tribuo autologging (the agent instruments Tribuo; the application needs no MLflow code).
 *
 * <p><b>What is instrumented.</b> {@code train(Dataset...)} of every {@code org.tribuo.Trainer} in Tribuo's trainer
 * packages, {@code evaluate(Model...)} of every {@code org.tribuo.evaluation.Evaluator}, and
 * {@code org.tribuo.evaluation.CrossValidation.evaluate()}. Only the outermost call of a thread counts: overloads
 * calling each other, ensembles training their members, the folds of a cross-validation and evaluations made
 * during training record nothing of their own. Sequence trainers ({@code SequenceTrainer}) and trainers outside
 * the {@code org.tribuo} packages are not instrumented.
 *
 * <p><b>One training, one run</b> (MLflow's autolog rules through {@code AutologRun}: a new run tagged
 * {@code mlflow.autologging=tribuo}, or the user's active run unless {@code exclusive}). On the training thread:
 * <ul>
 *   <li>params: the trainer's configured parameters, flattened ({@code epochs}, {@code optimiser},
 *       {@code optimiser.initialLearningRate}, ...), and {@code dataset.num_examples}, {@code dataset.num_features},
 *       {@code dataset.num_outputs}, {@code dataset.source} (the data source's provenance);</li>
 *   <li>tags: {@code estimator_name}, {@code estimator_class}, {@code tribuo.version}, and
 *       {@code tribuo.dataset.<prefix>} naming the data behind each metric prefix ({@code training}, {@code eval},
 *       {@code eval_<name>});</li>
 *   <li>{@code training_loss} per iteration for SGD trainers (step = iteration; Tribuo reports it through
 *       {@code java.util.logging} every {@code loggingInterval} iterations, see {@link io.jmlflow.integrations.tribuo.LossCapture});</li>
 *   <li>the run id inside the model itself: the model's instance provenance gets the entry
 *       {@code mlflow-run-id} (a {@code StringProvenance}), added to a copy of the run provenance map the outermost
 *       {@code train(Dataset, Map)} call receives. That map is only recorded in the model's provenance, so
 *       predictions are the same as without the agent;</li>
 *   <li>a copy of an evenly spaced sample of at most 10,000 training examples (Tribuo datasets are mutable; the
 *       copy is what later work reads).</li>
 * </ul>
 * After {@code train} returned, on the post-training thread ({@code AutologRun.endAfter}), then the run ends:
 * <ul>
 *   <li>the model as an MLflow logged model named {@code model} with the {@code tribuo} flavor
 *       ({@link io.jmlflow.integrations.tribuo.TribuoModelFlavor}; unless {@code log.models=false});</li>
 *   <li>the training data as a dataset input with context {@code train}: named by {@code DatasetNames}, one
 *       column per feature of the model and an output column, digest over the sample (see {@code DatasetInputs});</li>
 *   <li>training metrics over the sample (param {@code training_metrics_rows}), at step 0, also linked to the
 *       logged model, with MLflow's (scikit-learn autolog) names: classifiers {@code training_accuracy_score},
 *       {@code training_precision_score}, {@code training_recall_score}, {@code training_f1_score} (weighted),
 *       {@code training_log_loss} and {@code training_roc_auc} when the model gives probabilities,
 *       {@code training_score}; regressors {@code training_mean_squared_error},
 *       {@code training_root_mean_squared_error}, {@code training_mean_absolute_error}, {@code training_r2_score},
 *       {@code training_score} (averaged over output dimensions). Other outputs keep Tribuo's evaluation under
 *       {@code EvaluationMetrics}' names (clustering: {@code training_normalized_mi}, {@code training_adjusted_mi});</li>
 *   <li>classifiers: {@code training_confusion_matrix.svg}, and with probabilities {@code training_roc_curve.svg}
 *       and {@code training_precision_recall_curve.svg}; every model: {@code estimator.html};</li>
 *   <li>the artifact {@code tribuo/model-provenance.json}: the model's full provenance in Tribuo's JSON format.</li>
 * </ul>
 *
 * <p><b>Later evaluations.</b> Every {@code evaluate} call on a model trained under autologging in this JVM (a
 * weak map remembers which run trained it) logs into that run, also after the run ended, and onto its logged
 * model, unless {@code autolog.log.post.training.metrics=false}. Keys are core's one naming rule ({@code EvalMetricNames})
 * plus the metric's name as for training metrics: the run's first evaluated dataset gives {@code eval_accuracy_score},
 * ..., any other {@code eval_<name>_accuracy_score}; the same data (equal provenance) evaluated again logs the same
 * keys at the next step. The name comes from the data's provenance ({@code DatasetNames}: a
 * {@code TrainTestSplitter} split gives {@code <source>_train} / {@code <source>_test}, a
 * {@code SimpleDataSourceProvenance} its description, a file-based source its file name without extension, any
 * other source its class name without {@code DataSource} in snake case: {@code CheckerboardDataSource} gives
 * {@code checkerboard}); different data of one model never share a name ({@code _2}, {@code _3}, ...). The first
 * evaluation of a dataset also logs it as a dataset input with context {@code eval}. The metrics are taken from
 * the evaluation's own predictions (nothing is predicted again).
 *
 * <p><b>Cross-validation</b> ({@code CrossValidation.evaluate()}): one parent run and a child run per fold, see
 * {@code TribuoCrossValidation} (Tribuo 4.3 has no hyperparameter search: the folds are the candidates).
 *
 * <p><b>Options</b> ({@code AutologState}): {@code log.models}, {@code disable}, {@code exclusive}, {@code silent},
 * {@code autolog.log.datasets}, {@code autolog.log.plots}, {@code autolog.log.post.training.metrics},
 * {@code autolog.max.tuning.runs}, and {@code autolog.tribuo.enabled=false} to switch this integration off.
 *
 * <p><b>Versions and class loaders.</b> Supported: Tribuo 4.x (tested with 4.3.2; the agent reads the version of
 * {@code tribuo-core}; another version is left alone with one warning unless
 * {@code autolog.tribuo.unsupported.versions=true}). The code that links against Tribuo (package {@code linked}) is
 * loaded next to the application's Tribuo, also when that Tribuo sits in a class loader the agent cannot see
 * ({@link io.jmlflow.integrations.tribuo.LinkedClassLoader}); the agent checks that every Tribuo class and method it
 * uses is there (classification and regression, which it uses only for such models, are optional).
 */
package io.jmlflow.integrations.tribuo;
