/** A plain Tribuo program ({@link io.jmlflow.samples.tribuo.TribuoSample}) that the agent turns into MLflow runs. */
package io.jmlflow.samples.tribuo;
