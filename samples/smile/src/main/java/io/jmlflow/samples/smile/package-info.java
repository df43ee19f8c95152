/**
 * Smile 3.x samples: {@link io.jmlflow.samples.smile.BlobsRandomForest} has no MLflow code at all (the agent logs
 * its training), {@link io.jmlflow.samples.smile.TrackedBlobsTraining} names its run with annotations.
 */
package io.jmlflow.samples.smile;
