package io.jmlflow.entities;

/**
 * One metric point: key, value, wall-clock timestamp in ms, and step; and, as MLflow 3's metrics, the dataset it was
 * computed on ({@code datasetName} and {@code datasetDigest}, both null when none). The MLflow UI groups a logged
 * model's metrics by that dataset and links the model to it ("Datasets used").
 */
public record Metric(String key, double value, long timestamp, long step, String datasetName, String datasetDigest) {

    /** A point computed on no particular dataset. */
    public Metric(String key, double value, long timestamp, long step) {
        this(key, value, timestamp, step, null, null);
    }

    /** The same point computed on the dataset {@code name} / {@code digest} (both null: none). */
    public Metric withDataset(String name, String digest) {
        return new Metric(key, value, timestamp, step, name, digest);
    }

    /** True when the point names its dataset (name and digest). */
    public boolean hasDataset() {
        return datasetName != null && datasetDigest != null;
    }
}
