/**
 * Autologging for <a href="https://haifengl.github.io/">Smile</a> 3.x (Java 8+) and 6.x (Java 25), with one build.
 *
 * <p>Smile is GPL-3.0: it is never bundled, and this code reaches it only by reflection and by name (javac 17 cannot
 * read Smile 6's class files), handling the differences between the two lines (public fields vs record accessors,
 * {@code Properties} vs {@code Options} records, {@code smile.base.cart} vs {@code smile.model.cart}). Supported:
 * Smile 3.x and 6.x (tested with 3.1.1 and 6.3.0; the agent reads the version of {@code smile-core}; another version
 * is left alone with one warning unless {@code autolog.smile.unsupported.versions=true}).
 *
 * <p>Each outermost public static {@code fit} of a {@code smile.classification/regression/clustering/anomaly} model
 * gets a run ({@link io.jmlflow.integrations.smile.SmileRun} has the rules) with:
 * <ul>
 *   <li>tags {@code estimator_name} (the class name without its package, e.g. {@code RandomForest},
 *       {@code LogisticRegression$Binomial}) and {@code estimator_class} (the full name), also in a user's run;</li>
 *   <li>params: the hyperparameters actually used, from the most specific overload the call went through (3.x:
 *       its positional arguments by name, defaults included, e.g. {@code ntrees}, {@code maxDepth}; 6.x: the
 *       {@code Options} record's {@code toProperties()} without the {@code smile.<algorithm>.} prefix, e.g.
 *       {@code trees}, {@code max_depth}; a {@code Properties}-only overload: its keys the same way), the formula,
 *       {@code model_class}, {@code training_set_size}, {@code num_features}, {@code num_classes};</li>
 *   <li>the training data as a {@code train} dataset input ({@link io.jmlflow.integrations.smile.SmileDatasets}:
 *       a data frame's columns and types, or row arrays as {@code x0..} plus {@code label}/{@code target}; digest of
 *       the first 10,000 rows and the shape);</li>
 *   <li>metrics: {@code fit_time_ms}; MLflow's training metrics ({@code training_accuracy_score},
 *       {@code training_precision_score}, {@code training_recall_score}, {@code training_f1_score} (weighted),
 *       {@code training_log_loss} and {@code training_roc_auc} where the model gives posteriori probabilities,
 *       {@code training_score}; regressors {@code training_mean_squared_error},
 *       {@code training_root_mean_squared_error}, {@code training_mean_absolute_error}, {@code training_r2_score},
 *       {@code training_score}) over a sample of the training rows drawn with a fixed seed: at most 10,000, and for
 *       tree ensembles at most 100,000 / trees (at least 2,000), param {@code training_metrics_rows} when that is
 *       fewer than the training set; for random forests also the out-of-bag metrics Smile computed
 *       ({@code oob_accuracy}, {@code oob_f1}, ... / {@code oob_rmse}, {@code oob_r2}, ..., Smile's names);
 *       {@code distortion} and {@code num_clusters} for clusterings;</li>
 *   <li>history: each tree's out-of-bag accuracy / RMSE of a random forest ({@code tree_oob_*}, step = tree), and
 *       in 6.x whatever the model publishes to its progress controller (GradientTreeBoost {@code training_loss} per
 *       tree, KMeans {@code distortion} per iteration, ...; see {@link io.jmlflow.integrations.smile.Progress});</li>
 *   <li>classifiers: the plots {@code training_confusion_matrix.svg}, {@code training_roc_curve.svg},
 *       {@code training_precision_recall_curve.svg} (option {@code autolog.log.plots}); every model:
 *       {@code estimator.html};</li>
 *   <li>the model as an MLflow logged model named {@code model} in the {@code smile} flavor
 *       ({@link io.jmlflow.integrations.smile.SmileModelFlavor}) with a signature, its params, and the metrics
 *       linked to it.</li>
 * </ul>
 * Only params, tags, a copy of the sampled training rows and the digest of row arrays (which the caller may reuse
 * once {@code fit} returns) are taken on the training thread; the metrics pass, plots, a data frame's digest and
 * the model's serialization run after {@code fit} returned, on the post-training thread (Smile models do not change
 * after training; Smile data frames cannot be changed by callers), and the run ends there
 * ({@link io.jmlflow.integrations.smile.SmileTrainingReport}).
 *
 * <p>Post-training evaluation ({@link io.jmlflow.integrations.smile.Evaluations}): {@code model.predict(data)}
 * followed by a {@code smile.validation.metric} {@code of(truth, prediction)} call, or a
 * {@code ClassificationValidation} / {@code RegressionValidation} of a model autologging logged, logs MLflow's
 * metric set once per prediction into the model's run and onto its logged model as {@code eval_<metric>} (then
 * {@code eval_2_<metric>}, ... for other data sets; {@link io.jmlflow.internal.autolog.EvalMetricNames}), and the data as
 * an {@code eval} dataset input (option {@code autolog.log.post.training.metrics}).
 *
 * <p>Cross-validation and bootstrap ({@link io.jmlflow.integrations.smile.SmileValidation}) log one parent run whose
 * rounds are the candidates of a search ({@link io.jmlflow.internal.autolog.TuningRuns}: a child run for each of the best
 * {@code maxTuningRuns} rounds, {@code best_*} params, {@code cv_results.csv}); leave-one-out counts its fits; Smile
 * 6's {@code smile.model.Model} factories log one parent run with a child run per fit. Never one top-level run per
 * fit.
 *
 * <p>Cost on the training thread: per fit, a few milliseconds of reflection and logging (plus, for row arrays, the
 * digest of at most 10,000 rows). After it: one prediction pass over the training sample, the plots, and Java
 * serialization of the model (about 25 ms per MB once warm; a 100-tree forest on 50,000 noisy rows is 11 MB), the
 * serialization in parallel with the rest. The first fit in a JVM also pays the agent's one-time set-up.
 *
 * <p>Options ({@link io.jmlflow.AutologOptions}): {@code autolog.smile.enabled}, {@code autolog.disable},
 * {@code autolog.log.models}, {@code autolog.log.model.signatures}, {@code autolog.log.datasets},
 * {@code autolog.log.plots}, {@code autolog.log.post.training.metrics}, {@code autolog.max.tuning.runs},
 * {@code autolog.exclusive}, {@code autolog.silent}. Input examples ({@code autolog.log.input.examples}) are not
 * logged.
 */
package io.jmlflow.integrations.smile;
