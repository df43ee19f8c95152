/**
 * Autologging for <a href="https://haifengl.github.io/">Smile</a> 3.x (Java 8+) and 6.x (Java 25), with one build.
 *
 * <p>Smile is GPL-3.0: it is never bundled, and this code reaches it only by reflection and by name (javac 17 cannot
 * read Smile 6's class files), handling the differences between the two lines (public fields vs record accessors,
 * {@code Properties} vs {@code Options} records, {@code smile.base.cart} vs {@code smile.model.cart}).
 *
 * <p>Each outermost public static {@code fit} of a {@code smile.classification/regression/clustering/anomaly} model
 * gets a run ({@link io.jmlflow.integrations.smile.SmileRun} has the rules) with:
 * <ul>
 *   <li>params: the hyperparameters actually used, from the most specific overload the call went through (3.x:
 *       its positional arguments by name, defaults included, e.g. {@code ntrees}, {@code maxDepth}; 6.x: the
 *       {@code Options} record's {@code toProperties()} without the {@code smile.<algorithm>.} prefix, e.g.
 *       {@code trees}, {@code max_depth}; a {@code Properties}-only overload: its keys the same way), the formula,
 *       {@code model_class}, {@code training_set_size}, {@code num_features}, {@code num_classes};</li>
 *   <li>metrics: {@code fit_time_ms}; for random forests the out-of-bag metrics Smile computed
 *       ({@code oob_accuracy}, {@code oob_f1}, ... / {@code oob_rmse}, {@code oob_r2}, ...) and no extra prediction
 *       pass; for other classifiers and regressors {@code training_*} metrics over at most 10,000 training rows
 *       drawn with a fixed seed (param {@code training_metrics_rows} when sampled); {@code distortion} and
 *       {@code num_clusters} for clusterings;</li>
 *   <li>history: each tree's out-of-bag accuracy / RMSE of a random forest ({@code tree_oob_*}, step = tree), and
 *       in 6.x whatever the model publishes to its progress controller (GradientTreeBoost {@code training_loss} per
 *       tree, KMeans {@code distortion} per iteration, ...; see {@link io.jmlflow.integrations.smile.Progress});</li>
 *   <li>the model as an MLflow logged model named {@code model} in the {@code smile} flavor
 *       ({@link io.jmlflow.integrations.smile.SmileModelFlavor}) with a signature, its params, and the metrics
 *       linked to it.</li>
 * </ul>
 * Cross-validation, bootstrap and leave-one-out ({@link io.jmlflow.integrations.smile.ValidationCall}) and Smile
 * 6's {@code smile.model.Model} factories log one parent run with child runs, never one top-level run per fit.
 *
 * <p>Cost: per fit, a few milliseconds of reflection and logging plus, when models are logged, Java serialization of
 * the model (about 25 ms per MB once warm; a 100-tree forest on 50,000 noisy rows is 11 MB). The first fit in a JVM
 * also pays the agent's one-time set-up (Byte Buddy, opening the store). Training metrics cost one prediction pass
 * over at most 10,000 rows; forests reuse Smile's out-of-bag metrics instead.
 *
 * <p>Options ({@link io.jmlflow.AutologOptions}): {@code autolog.smile.enabled}, {@code autolog.disable},
 * {@code autolog.log.models}, {@code autolog.log.model.signatures}, {@code autolog.exclusive},
 * {@code autolog.silent}. Input examples ({@code autolog.log.input.examples}) are not logged.
 */
package io.jmlflow.integrations.smile;
