package io.jmlflow.samples.smile6;

import smile.data.DataFrame;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;

import java.util.Arrays;
import java.util.Random;

/**
 * Generated data, so the samples need no download: {@code classes} Gaussian blobs in {@code features} dimensions
 * (centres drawn in [-4, 4] per dimension, spread {@code noise}), with a class label and a numeric regression
 * target (a fixed linear function of the features plus noise). The same generator as the Smile 3 samples'.
 */
public final class GaussianBlobs {
    public final double[][] x;
    public final int[] y;
    public final double[] target;

    private GaussianBlobs(double[][] x, int[] y, double[] target) {
        this.x = x;
        this.y = y;
        this.target = target;
    }

    public static GaussianBlobs generate(int rows, int features, int classes, double noise, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) for (int j = 0; j < features; j++) c[j] = r.nextDouble() * 8 - 4;
        double[][] x = new double[rows][features];
        int[] y = new int[rows];
        double[] target = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = centres[y[i]][j] + noise * r.nextGaussian();
                target[i] += (j + 1) * x[i][j];
            }
            target[i] += r.nextGaussian();
        }
        return new GaussianBlobs(x, y, target);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public GaussianBlobs rows(int from, int to) {
        return new GaussianBlobs(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to),
                Arrays.copyOfRange(target, from, to));
    }

    /** Columns {@code x0 .. x<n-1>} and the class {@code label}. */
    public DataFrame classification() {
        return DataFrame.of(x, names()).add(new IntVector("label", y));
    }

    /** Columns {@code x0 .. x<n-1>} and the numeric {@code target}. */
    public DataFrame regression() {
        return DataFrame.of(x, names()).add(new DoubleVector("target", target));
    }

    private String[] names() {
        String[] names = new String[x[0].length];
        for (int j = 0; j < names.length; j++) names[j] = "x" + j;
        return names;
    }
}
