/**
 * Smile 6 samples (Java 25, compiled by the JDK 25 javac): {@link io.jmlflow.samples.smile6.BlobsRandomForest} has
 * no MLflow code at all; the other programs are what this module's tests run under the agent (the same agent jar as
 * for Smile 3 on Java 17).
 */
package io.jmlflow.samples.smile6;
