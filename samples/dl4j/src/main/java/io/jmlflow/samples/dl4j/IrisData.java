package io.jmlflow.samples.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The 150 iris flowers from {@code iris.dat}, a file at the root of the {@code deeplearning4j-core} jar (DL4J's
 * {@code IrisDataSetIterator} would download it instead): 4 standardized features, 3 one-hot classes.
 */
public final class IrisData {
    public static final int FEATURES = 4;
    public static final int CLASSES = 3;

    private IrisData() {
    }

    /** All 150 rows, shuffled with {@code seed}, features standardized. */
    public static DataSet load(long seed) {
        List<double[]> rows = readRows();
        int n = rows.size();
        INDArray features = Nd4j.create(DataType.FLOAT, n, FEATURES);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            for (int j = 0; j < FEATURES; j++) features.putScalar(i, j, row[j]);
            labels.putScalar(i, (int) row[FEATURES], 1.0);
        }
        DataSet data = new DataSet(features, labels);
        data.shuffle(seed);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(data);
        normalizer.transform(data);
        return data;
    }

    private static List<double[]> readRows() {
        InputStream in = IrisData.class.getResourceAsStream("/iris.dat");
        if (in == null) throw new IllegalStateException("iris.dat not found: is deeplearning4j-core on the class path?");
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) row[i] = Double.parseDouble(cells[i].trim());
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** {@code rows} x {@code features} Gaussian features with {@code classes} one-hot labels a linear rule assigns. */
    public static DataSet synthetic(int rows, int features, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, rows, features);
        INDArray w = Nd4j.randn(DataType.FLOAT, features, classes);
        INDArray scores = x.mmul(w);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, classes);
        INDArray best = scores.argMax(1);
        Random noise = new Random(seed);
        for (int i = 0; i < rows; i++) {
            int label = noise.nextDouble() < 0.05 ? noise.nextInt(classes) : best.getInt(i);
            labels.putScalar(i, label, 1.0);
        }
        return new DataSet(x, labels);
    }
}
