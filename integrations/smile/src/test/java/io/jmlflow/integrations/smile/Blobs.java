package io.jmlflow.integrations.smile;

import smile.data.DataFrame;
import smile.data.vector.IntVector;

import java.util.Random;

/** Gaussian blobs: {@code k} classes of {@code n} rows in {@code p} dimensions, class {@code c} centred on 3c. */
final class Blobs {
    final double[][] x;
    final int[] y;

    Blobs(int n, int p, int k, long seed) {
        Random r = new Random(seed);
        x = new double[n][p];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < p; j++) x[i][j] = 3.0 * y[i] + r.nextGaussian();
        }
    }

    DataFrame frame() {
        return DataFrame.of(x).merge(IntVector.of("label", y));
    }
}
