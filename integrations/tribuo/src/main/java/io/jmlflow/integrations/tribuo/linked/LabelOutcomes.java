package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.ClassificationMetrics;
import io.jmlflow.internal.autolog.ClassifierPlots;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's outcomes: class indices in the order of the model's output ids, and the predicted probabilities
 * when the model gives them. Examples whose true label the model does not know (e.g. unlabelled ones) are left
 * out. The only class that links against Tribuo's classification module; it is loaded only for label outputs.
 */
final class LabelOutcomes implements Outcomes {
    private final int[] truth;
    private final int[] predicted;
    private final double[][] probabilities;
    private final String[] labels;

    private LabelOutcomes(int[] truth, int[] predicted, double[][] probabilities, String[] labels) {
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.labels = labels;
    }

    static LabelOutcomes of(Model<?> model, List<? extends Prediction<?>> predictions) {
        List<Pair<Integer, String>> domain = new ArrayList<>();
        for (Pair<Integer, ? extends Output<?>> p : model.getOutputIDInfo()) {
            domain.add(new Pair<>(p.getA(), ((Label) p.getB()).getLabel()));
        }
        domain.sort((a, b) -> Integer.compare(a.getA(), b.getA()));
        String[] labels = new String[domain.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = domain.get(i).getB();
            index.put(labels[i], i);
        }
        boolean withProbabilities = model.generatesProbabilities();
        int n = predictions.size();
        int[] truth = new int[n];
        int[] predicted = new int[n];
        double[][] probabilities = withProbabilities ? new double[n][] : null;
        int kept = 0;
        for (Prediction<?> p : predictions) {
            Integer t = index.get(((Label) p.getExample().getOutput()).getLabel());
            Integer y = index.get(((Label) p.getOutput()).getLabel());
            if (t == null || y == null) continue;
            truth[kept] = t;
            predicted[kept] = y;
            if (withProbabilities) {
                double[] row = new double[labels.length];
                if (p.hasProbabilities()) {
                    for (Map.Entry<String, ? extends Output<?>> e : p.getOutputScores().entrySet()) {
                        Integer c = index.get(e.getKey());
                        if (c != null) row[c] = ((Label) e.getValue()).getScore();
                    }
                } else {
                    row[y] = 1.0;
                }
                probabilities[kept] = row;
            }
            kept++;
        }
        return new LabelOutcomes(Arrays.copyOf(truth, kept), Arrays.copyOf(predicted, kept),
                probabilities == null ? null : Arrays.copyOf(probabilities, kept), labels);
    }

    @Override
    public Map<String, Double> metrics() {
        return truth.length == 0 ? Map.of() : ClassificationMetrics.compute(truth, predicted, probabilities, labels.length);
    }

    @Override
    public void logPlots(ActiveRun run, String prefix) {
        if (truth.length > 0) ClassifierPlots.logTo(run, prefix, truth, predicted, probabilities, labels);
    }

    int[] truth() {
        return truth;
    }

    int[] predicted() {
        return predicted;
    }

    double[][] probabilities() {
        return probabilities;
    }

    String[] labels() {
        return labels;
    }
}
