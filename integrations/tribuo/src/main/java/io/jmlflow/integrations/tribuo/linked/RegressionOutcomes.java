package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.RegressionMetrics;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A regressor's outcomes per output dimension. With several dimensions each metric is the mean over dimensions
 * (scikit-learn's {@code multioutput="uniform_average"}). The only class that links against Tribuo's regression
 * module; it is loaded only for regressor outputs.
 */
final class RegressionOutcomes implements Outcomes {
    private final double[][] truth;     // [dimension][example]
    private final double[][] predicted;

    private RegressionOutcomes(double[][] truth, double[][] predicted) {
        this.truth = truth;
        this.predicted = predicted;
    }

    static RegressionOutcomes of(List<? extends Prediction<?>> predictions) {
        String[] names = ((Regressor) predictions.get(0).getOutput()).getNames();
        int n = predictions.size();
        double[][] truth = new double[names.length][n];
        double[][] predicted = new double[names.length][n];
        for (int i = 0; i < n; i++) {
            Prediction<?> p = predictions.get(i);
            double[] t = values(names, (Regressor) p.getExample().getOutput());
            double[] y = values(names, (Regressor) p.getOutput());
            for (int d = 0; d < names.length; d++) {
                truth[d][i] = t[d];
                predicted[d][i] = y[d];
            }
        }
        return new RegressionOutcomes(truth, predicted);
    }

    /** The values of {@code r} in the order of {@code names} (NaN for a dimension it lacks). */
    private static double[] values(String[] names, Regressor r) {
        if (Arrays.equals(names, r.getNames())) return r.getValues();
        double[] out = new double[names.length];
        for (int d = 0; d < names.length; d++) {
            out[d] = r.getDimension(names[d]).map(Regressor.DimensionTuple::getValue).orElse(Double.NaN);
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        if (truth.length == 0 || truth[0].length == 0) return Map.of();
        return RegressionMetrics.computeAveraged(truth, predicted);
    }

    @Override
    public void logPlots(ActiveRun run, String prefix) {
        // MLflow draws no plots for regressors
    }
}
