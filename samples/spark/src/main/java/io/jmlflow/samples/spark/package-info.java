/**
 * Spark MLlib programs a user copies: {@link io.jmlflow.samples.spark.ChurnPipeline} (a pipeline fit and evaluated)
 * and {@link io.jmlflow.samples.spark.ChurnCrossValidation} (a 3-fold cross-validation over 4 param maps), both in
 * {@code local[2]}, with no MLflow code. On Java 17 Spark needs the {@code --add-opens} flags its launcher adds
 * ({@code spark.java17.opens} in the root pom); {@code spark-submit} adds them itself.
 */
package io.jmlflow.samples.spark;
