/**
 * Tribuo autologging (the agent instruments Tribuo; the application needs no MLflow code).
 *
 * <p><b>What is instrumented.</b> {@code train(Dataset...)} of every {@code org.tribuo.Trainer} in Tribuo's trainer
 * packages, and {@code evaluate(Model...)} of every {@code org.tribuo.evaluation.Evaluator}. Only the outermost
 * call of a thread counts: overloads calling each other, ensembles training their members and evaluations made
 * during training record nothing of their own. Sequence trainers ({@code SequenceTrainer}) and trainers outside
 * the {@code org.tribuo} packages are not instrumented.
 *
 * <p><b>One training, one run</b> (MLflow's autolog rules through {@code AutologRun}: a new run tagged
 * {@code mlflow.autologging=tribuo}, or the user's active run unless {@code exclusive}):
 * <ul>
 *   <li>params: the trainer's configured parameters, flattened ({@code epochs}, {@code optimiser},
 *       {@code optimiser.initialLearningRate}, ...), and {@code dataset.num_examples}, {@code dataset.num_features},
 *       {@code dataset.num_outputs}, {@code dataset.source} (the data source's provenance);</li>
 *   <li>tags: {@code estimator_name}, {@code estimator_class}, {@code tribuo.version}, and
 *       {@code tribuo.dataset.<prefix>} naming the data behind each metric prefix;</li>
 *   <li>metrics: {@code training_loss} per iteration for SGD trainers (step = iteration; Tribuo reports it through
 *       {@code java.util.logging} every {@code loggingInterval} iterations, see {@link io.jmlflow.integrations.tribuo.LossCapture}),
 *       and the model evaluated on its training data as {@code training_<metric>} at step 0;</li>
 *   <li>the model as an MLflow logged model named {@code model} with the {@code tribuo} flavor
 *       ({@link io.jmlflow.integrations.tribuo.TribuoModelFlavor}; unless {@code log.models=false});</li>
 *   <li>the artifact {@code tribuo/model-provenance.json}: the model's full provenance in Tribuo's JSON format;</li>
 *   <li>the run id inside the model itself: the model's instance provenance gets the entry
 *       {@code mlflow-run-id} (a {@code StringProvenance}), added to a copy of the run provenance map the outermost
 *       {@code train(Dataset, Map)} call receives. That map is only recorded in the model's provenance, so
 *       predictions are the same as without the agent.</li>
 * </ul>
 *
 * <p><b>Later evaluations.</b> Every {@code evaluate} call on a model trained under autologging in this JVM (a
 * weak map remembers which run trained it) logs into that run, also after the run ended, as
 * {@code <prefix>_<metric>}; when the model was logged, the metrics are also linked to the logged model. The
 * prefix says which data it was: {@code training} for the training data, otherwise a name taken from the data's
 * provenance: a {@code TrainTestSplitter} split gives {@code <source>_train} / {@code <source>_test}, a
 * {@code SimpleDataSourceProvenance} its description, a file-based source its file name without extension, any
 * other source its class name without {@code DataSource} in snake case ({@code CheckerboardDataSource} gives
 * {@code checkerboard}). Two different datasets with the same name get {@code _2}, {@code _3}, ...; the same data
 * evaluated again logs the same keys at the next step. Metric names follow
 * {@code EvaluationMetrics}: {@code accuracy}, {@code balanced_accuracy}, {@code f1_macro}, {@code f1_micro},
 * {@code precision_*}, {@code recall_*}, {@code roc_auc}, per label {@code f1_<label>} (2 to 20 labels);
 * {@code rmse}, {@code mae}, {@code r2}, {@code explained_variance} for regression; {@code normalized_mi},
 * {@code adjusted_mi} for clustering.
 *
 * <p><b>Options</b> ({@code AutologState}): {@code log.models}, {@code disable}, {@code exclusive}, {@code silent},
 * and {@code autolog.tribuo.enabled=false} to switch this integration off.
 *
 * <p><b>Class loaders.</b> The code that links against Tribuo (package {@code linked}) is loaded next to the
 * application's Tribuo, also when that Tribuo sits in a class loader the agent cannot see
 * ({@link io.jmlflow.integrations.tribuo.LinkedClassLoader}).
 */
package io.jmlflow.integrations.tribuo;
