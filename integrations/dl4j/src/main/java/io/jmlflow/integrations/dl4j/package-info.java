/**
 * Autologging for DeepLearning4J (tested with 1.0.0-M2.1): run a DL4J program with
 * {@code -javaagent:mlflow-agent.jar} (or call {@code Mlflow.autolog()}) and its training is logged to MLflow.
 *
 * <h2>What is instrumented</h2>
 * The public {@code fit} overloads of {@code org.deeplearning4j.nn.multilayer.MultiLayerNetwork} and
 * {@code org.deeplearning4j.nn.graph.ComputationGraph} (all but the layer-wise {@code fit(INDArray, LayerWorkspaceMgr)}),
 * and {@code fit()} of {@code org.deeplearning4j.earlystopping.trainer.BaseEarlyStoppingTrainer}, which
 * {@code EarlyStoppingTrainer} and {@code EarlyStoppingGraphTrainer} inherit. Overloads that call each other are
 * logged once (a per-thread {@link io.jmlflow.autolog.spi.CallDepth}).
 *
 * <h2>What is logged</h2>
 * <ul>
 *   <li>At the first {@code fit} of a model instance in a run, the tags {@code estimator_name}
 *       ({@code MultiLayerNetwork} / {@code ComputationGraph}) and {@code estimator_class} (the full class name), and
 *       params from its configuration: {@code model_class},
 *       {@code seed}, {@code optimizationAlgo}, {@code layer_count}, {@code parameter_count}, {@code dataType},
 *       {@code backpropType}; {@code updater}, {@code updater_config}, {@code learning_rate}, {@code regularization},
 *       {@code l1}/{@code l2}/{@code weightDecay}, {@code weightInit} when all layers share them; per layer
 *       {@code layer_<i>.name}, {@code .type}, {@code .nIn}, {@code .nOut}, {@code .activation}, {@code .updater},
 *       {@code .learning_rate}, {@code .weightInit}, {@code .regularization}, {@code .dropOut}, {@code .lossFunction}
 *       (DL4J's builder names for its settings, MLflow's snake_case for what autologging derives: the rule of
 *       {@code integrations/README.md}, "Param names")
 *       (a {@code ComputationGraph}'s layers in topological order, plus {@code network_inputs},
 *       {@code network_outputs}, {@code vertex_count}); {@code batch_size}; {@code epochs} for
 *       {@code fit(iterator, epochs)} (for epoch loops, the number of epochs seen, at the end). Artifacts:
 *       {@code model_config.json} (DL4J's JSON) and {@code model_summary.txt} ({@code summary()}).</li>
 *   <li>During training, from a {@code TrainingListener} added to the model ({@code addListeners}; it never throws
 *       into training and is removed when the run ends): {@code loss}, {@code learning_rate},
 *       {@code samples_per_second}, {@code etl_time_ms} at iterations that are multiples of
 *       {@code autolog.dl4j.log.every.n.iterations} (default 10; step = DL4J's iteration count), and
 *       {@code epoch_loss} (mean loss of the epoch's iterations) and {@code epoch_time_ms} at every epoch end
 *       (step = epoch). Mini-batch {@code fit(DataSet)} calls have no epochs in DL4J, so only iteration metrics.</li>
 *   <li>The train dataset input (context {@code train}, name {@code train}), from the rows the listener sees, with no
 *       extra pass over the user's iterator: while the first epoch runs, the listener copies the input(s) and labels
 *       of the first batches, up to {@code max(10,000, autolog.dl4j.evaluation.max.examples)} rows (batches with mask
 *       arrays are not copied). Schema: {@code f0..f<n-1>} (all inputs' features, flattened per row) and
 *       {@code label} or {@code label_0..label_<k-1>}, all {@code double}; profile rows: the examples of the first
 *       epoch (without DL4J epochs, as in {@code fit(DataSet)} loops, of the whole training); digest: over the first
 *       10,000 copied rows and the shape ({@link io.jmlflow.internal.autolog.TrainingDataset}), so the same data in the same
 *       order gives the same digest whatever the batch size. It is computed and logged off the training thread as soon
 *       as the first epoch ended.</li>
 *   <li>When training ends: the model as an MLflow logged model named {@code model} with the {@code dl4j} flavor
 *       ({@link io.jmlflow.integrations.dl4j.Dl4jModelFlavor}; {@code Mlflow.loadModel("runs:/<run>/model")} gives
 *       the network back), unless {@code autolog.log.models=false}; and training metrics with MLflow's names, computed
 *       by the trained model on those copied rows (at most {@code autolog.dl4j.evaluation.max.examples}; param
 *       {@code training_metrics_rows} says how many): for classification losses {@code training_accuracy_score},
 *       {@code training_precision_score}, {@code training_recall_score}, {@code training_f1_score} (weighted),
 *       {@code training_log_loss} and {@code training_roc_auc} (softmax or sigmoid outputs) and
 *       {@code training_score}; for regression losses {@code training_mean_squared_error},
 *       {@code training_root_mean_squared_error}, {@code training_mean_absolute_error}, {@code training_r2_score},
 *       {@code training_score}; also linked to the logged model. Classifiers also get the plots
 *       {@code training_confusion_matrix.svg}, {@code training_roc_curve.svg} and
 *       {@code training_precision_recall_curve.svg} ({@code autolog.log.plots}); every run gets {@code estimator.html}
 *       and DL4J's report {@code training_evaluation.txt}. Outputs that are not one row per example (time series)
 *       are not evaluated.</li>
 *   <li>Evaluations user code runs afterwards on a model autologging logged ({@code evaluate}, {@code evaluateROC},
 *       {@code evaluateROCMultiClass}, {@code evaluateRegression}, {@code doEvaluation}) go to that model's run and
 *       its logged model ({@code autolog.log.post.training.metrics}): see
 *       {@link io.jmlflow.integrations.dl4j.PostTrainingEvaluation} for the names ({@code eval_accuracy_score}, then
 *       {@code eval_2_accuracy_score} for a second dataset, ...). The data evaluated is an {@code eval} dataset input
 *       (the first rows the evaluation reads, copied as they pass).</li>
 *   <li>Early stopping: {@code early_stopping.*} params (conditions, score calculator, model saver), then
 *       {@code early_stopping.stop_reason} and {@code early_stopping.stop_details} params, the
 *       {@code early_stopping.score} history (step = epoch), {@code early_stopping.best_epoch},
 *       {@code early_stopping.best_score} and {@code early_stopping.total_epochs}; the logged model is the best model.</li>
 * </ul>
 *
 * <h2>What runs on the training thread</h2>
 * Per iteration the listener adds to a few counters and, every {@code n} iterations, queues metric points for the
 * asynchronous writer; during the first epoch it also copies the batches of the sample. When training ends, only
 * a copy of the network ({@code clone()}: the user may train it again once {@code fit} returns) is made before
 * {@code fit} returns; the training metrics, plots, HTML page, model serialization and the end of the run follow on
 * the post-training thread ({@link io.jmlflow.internal.autolog.PostTrainingWork}), which ending the run, {@code Mlflow.flush()}
 * and JVM exit wait for. Nothing reads the user's iterator besides DL4J itself.
 *
 * <h2>Hyperparameter search</h2>
 * DL4J itself has none (its Arbiter library is separate and unmaintained), so there are no parent/child tuning runs;
 * early stopping gives the best epoch (above).
 *
 * <h2>Runs: one per model instance's training</h2>
 * A model's first {@code fit} starts a run (or uses the thread's active run, as MLflow's autologging does: then the run
 * is the user's and is never ended here; with {@code autolog.exclusive=true} nothing is logged into it). The run then
 * stays with that model instance across {@code fit} calls and ends:
 * <ul>
 *   <li>when {@code fit(iterator, epochs)} or an early-stopping {@code fit()} returns: that call is a complete
 *       training;</li>
 *   <li>when a {@code fit} throws (FAILED, without a logged model: the network is half trained);</li>
 *   <li>for loops of {@code fit(DataSet)}, {@code fit(INDArray, INDArray)} or single-epoch {@code fit(iterator)}: when
 *       another model instance starts training on the same thread, when the user ends the run
 *       ({@code Mlflow.endRun()}; noticed at the model's next {@code fit}), or at JVM exit (a shutdown hook logs the
 *       model and evaluation first; the run ends FINISHED, as MLflow does at exit). While such a run is open it is the
 *       thread's active run: end it with {@code Mlflow.endRun()} before starting a run of your own on that thread.</li>
 * </ul>
 * Two models trained in turn on one thread (a GAN loop) would otherwise start a run at every switch: when a model
 * comes back to training right after the model that replaced it, it joins that model's run instead. A second model
 * in one run (that case, or two models trained inside the user's run) logs no params (they cannot change within a
 * run) and its metrics and model under the prefix {@code model_2.} ({@code model_2.loss}, logged model
 * {@code model_2}), with a one-time warning.
 *
 * <h2>Configuration</h2>
 * Through {@link io.jmlflow.MlflowConfig} (agent argument, {@code -Dmlflow.<key>}, or {@code MLFLOW_<KEY>}):
 * {@code autolog.dl4j.enabled} (default true), {@code autolog.dl4j.log.every.n.iterations} (10),
 * {@code autolog.dl4j.log.evaluation} (true: training metrics and plots), {@code autolog.dl4j.evaluation.max.examples}
 * (10,000), {@code autolog.dl4j.early.logging.min.epoch.ms} (10,000: after a first epoch this long the configuration
 * artifacts and the train dataset are logged while training goes on, else when it ended), and the common
 * {@code autolog.log.models}, {@code autolog.log.datasets}, {@code autolog.log.plots},
 * {@code autolog.log.post.training.metrics}, {@code autolog.disable}, {@code autolog.exclusive},
 * {@code autolog.silent}.
 *
 * <h2>Versions and class loading</h2>
 * Supported: DL4J 1.0.0-M1 up to 1.1 (tested with 1.0.0-M2.1; the agent reads the version of
 * {@code deeplearning4j-nn}; another version is left alone with one warning unless
 * {@code autolog.dl4j.unsupported.versions=true}). This integration links against DL4J directly, so the agent's
 * classes must see DL4J's: DL4J on the application class path (the usual case). If DL4J is loaded by a child class
 * loader the agent cannot see, or lacks a class or method the integration's code uses (the agent checks every one it
 * links against), DL4J autologging stays off for that class loader with one warning.
 */
package io.jmlflow.integrations.dl4j;
