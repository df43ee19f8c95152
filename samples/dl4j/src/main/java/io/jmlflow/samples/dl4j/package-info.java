/**
 * Plain DeepLearning4J programs with no MLflow code: run them with {@code -javaagent:mlflow-agent.jar} and their
 * training is logged to MLflow (parameters, loss history, model). The data is the iris set that ships inside
 * {@code deeplearning4j-core} ({@code iris.dat}) or generated with {@code Nd4j.randn}; nothing is downloaded.
 */
package io.jmlflow.samples.dl4j;
