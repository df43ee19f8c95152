package io.jmlflow.testing;

import java.util.Arrays;

/**
 * The few statistics the overhead benchmarks quote for paired measurements (one run with and one without, side by
 * side): median, mean and the mean's standard error.
 */
public final class PairedStats {
    private PairedStats() {
    }

    /** The element-wise differences {@code with[i] - without[i]}. */
    public static double[] differences(double[] with, double[] without) {
        double[] d = new double[with.length];
        for (int i = 0; i < d.length; i++) d[i] = with[i] - without[i];
        return d;
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN
                : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The standard error of the mean (sample standard deviation / sqrt(n)); NaN for fewer than two values. */
    public static double standardError(double[] values) {
        if (values.length < 2) return Double.NaN;
        double m = mean(values);
        double squares = Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length);
    }
}
