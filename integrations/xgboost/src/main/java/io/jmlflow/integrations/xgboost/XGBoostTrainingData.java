package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.TrainingDataset;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * What autologging keeps of a {@code DMatrix} once training returned, taken on the training thread (the application
 * may free or change it right after): its shape, its feature names, the labels of its first rows and, for the
 * training data, those rows themselves as a {@code DMatrix} of autologging's own ({@code slice}, a copy), which the
 * training metrics are computed on. A {@code DMatrix} cannot be read back in Java, so the dataset's digest covers the
 * labels of the first rows, the shape and the feature names. {@link #dispose()} frees the copy.
 */
final class XGBoostTrainingData {
    final long rows;
    final long columns;
    final String[] featureNames;
    final float[] labels;
    private DMatrix sample;

    private XGBoostTrainingData(long rows, long columns, String[] featureNames, float[] labels, DMatrix sample) {
        this.rows = rows;
        this.columns = columns;
        this.featureNames = featureNames;
        this.labels = labels;
        this.sample = sample;
    }

    /**
     * The first {@code maxRows} rows of {@code data} with {@code columns} features; {@code keepRows} keeps them (else
     * only their labels). Never throws: what cannot be read is left out.
     */
    static XGBoostTrainingData of(DMatrix data, long columns, int maxRows, boolean keepRows) {
        long rows = -1;
        float[] labels = null;
        DMatrix sample = null;
        try {
            rows = data.rowNum();
            int n = (int) Math.min(rows, maxRows);
            if (n > 0) {
                int[] first = new int[n];
                for (int i = 0; i < n; i++) first[i] = i;
                sample = data.slice(first);
                labels = sample.getLabel();
                if (!keepRows) {
                    sample.dispose();
                    sample = null;
                }
            }
        } catch (XGBoostError | RuntimeException e) {
            // a DMatrix that cannot be sliced (external memory, a quantile DMatrix): shape only
            Log.debug("xgboost autologging could not copy the first rows of a DMatrix", e);
            if (sample != null) sample.dispose();
            sample = null;
        }
        return new XGBoostTrainingData(rows, columns, Compat.featureNames(data), labels, sample);
    }

    /** The copied rows (null when none could be copied); owned by this object. */
    DMatrix sample() {
        return sample;
    }

    /** The dataset input named {@code name}: one float column per feature, digest over the first labels and shape. */
    TrainingDataset dataset(String name) {
        TrainingDataset.Builder b = TrainingDataset.builder(name);
        long cols = featureNames != null ? featureNames.length : columns;
        for (int i = 0; i < cols && i < 10_000; i++) b.column(featureNames != null ? featureNames[i] : "f" + i, "float");
        if (labels != null) {
            double[] row = new double[1];
            for (float label : labels) {
                row[0] = label;
                b.addRow(row);
            }
        }
        if (rows >= 0) b.rows(rows);
        return b.build();
    }

    void dispose() {
        DMatrix s = sample;
        sample = null;
        if (s != null) s.dispose();
    }
}
