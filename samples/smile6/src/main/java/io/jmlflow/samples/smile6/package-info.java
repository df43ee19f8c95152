/**
 * The Smile 6 sample (Java 25, compiled by the JDK 25 javac): {@link io.jmlflow.samples.smile6.BlobsRandomForest} has
 * no MLflow code at all and is autologged by the same agent jar as Smile 3 on Java 17.
 */
package io.jmlflow.samples.smile6;
