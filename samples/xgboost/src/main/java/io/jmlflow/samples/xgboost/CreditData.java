package io.jmlflow.samples.xgboost;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Random;

/**
 * Generated loan applications (no download): five features and whether the loan defaulted (1) or not (0), drawn from
 * a logistic model of the features with noise, the same for the same seed.
 */
public final class CreditData {
    /** The features' names, which XGBoost keeps with the model (MLflow shows them in the signature and plots). */
    public static final String[] FEATURES = {"income", "debt_ratio", "age", "late_payments", "tenure_years"};

    private CreditData() {
    }

    /** {@code rows} applications as a {@code DMatrix} with labels and feature names. */
    public static DMatrix generate(int rows, long seed) throws XGBoostError {
        float[] labels = new float[rows];
        DMatrix matrix = new DMatrix(features(rows, seed, labels), rows, FEATURES.length, Float.NaN);
        matrix.setLabel(labels);
        matrix.setFeatureNames(FEATURES);
        return matrix;
    }

    /** The same applications' features, row after row; their labels go into {@code labels} when it is not null. */
    public static float[] features(int rows, long seed, float[] labels) {
        Random random = new Random(seed);
        float[] data = new float[rows * FEATURES.length];
        for (int i = 0; i < rows; i++) {
            float income = (float) Math.max(8, 45 + 18 * random.nextGaussian());
            float debtRatio = (float) Math.min(1.5, Math.max(0, 0.35 + 0.2 * random.nextGaussian()));
            float age = (float) Math.max(18, Math.min(80, 42 + 12 * random.nextGaussian()));
            float late = random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(4);
            float tenure = (float) Math.max(0, Math.min(age - 18, 6 + 4 * random.nextGaussian()));
            double logit = -1.2 - 0.035 * (income - 45) + 4.0 * (debtRatio - 0.35) + 0.9 * late - 0.08 * tenure
                    - 0.01 * (age - 42);
            float label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            if (labels != null) labels[i] = label;
            int o = i * FEATURES.length;
            data[o] = income;
            data[o + 1] = debtRatio;
            data[o + 2] = age;
            data[o + 3] = late;
            data[o + 4] = tenure;
        }
        return data;
    }
}
