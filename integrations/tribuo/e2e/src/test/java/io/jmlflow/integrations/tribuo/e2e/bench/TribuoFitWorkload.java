package io.jmlflow.integrations.tribuo.e2e.bench;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.SplittableRandom;

/**
 * One fit for {@link TribuoOverheadBenchmark}, a plain Tribuo program: a CART classifier (max depth 10) on
 * {@code rows} generated examples with {@code features} Gaussian features and three classes. Prints
 * {@code fit_ms=<the train call's wall time>}; with a third argument, that many fits one after the other.
 */
public final class TribuoFitWorkload {
    private TribuoFitWorkload() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("bench", factory), factory);
        SplittableRandom rng = new SplittableRandom(7L);
        String[] names = new String[features];
        for (int f = 0; f < features; f++) names[f] = "f" + f;
        for (int i = 0; i < rows; i++) {
            double[] x = new double[features];
            for (int f = 0; f < features; f++) x[f] = rng.nextGaussian();
            double s = x[0] + 0.5 * x[1] - 0.25 * x[2] + 0.3 * rng.nextGaussian();
            String label = s < -0.5 ? "low" : s < 0.5 ? "mid" : "high";
            data.add(new ArrayExample<>(new Label(label), names, x));
        }
        int fits = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        for (int i = 0; i < fits; i++) {
            long start = System.nanoTime();
            Model<Label> model = new CARTClassificationTrainer(10).train(data);
            double fitMs = (System.nanoTime() - start) / 1e6;
            System.out.println("fit_ms=" + fitMs);
            System.out.println("features_used=" + model.getFeatureIDMap().size());
        }
    }
}
