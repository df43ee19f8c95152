package io.jmlflow.integrations.tribuo.linked;

import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Tribuo {@link Evaluation} as metric names (without the dataset prefix), from {@code asMap()}. Used for outputs
 * MLflow has no metric names for (clustering, anomaly detection, multi-label); labels and regressors use MLflow's
 * names instead ({@link Outcomes}). Names:
 * <ul>
 *   <li>the metric's name in lower case ({@code F1} gives {@code f1}, {@code EV} gives {@code explained_variance});
 *       the confusion counts TP, FP, TN, FN are left out;</li>
 *   <li>averages: no suffix when the evaluation has one kind of average for the metric (regression's macro
 *       averages over dimensions, clustering's mutual information), else {@code _macro} / {@code _micro};
 *       classification accuracy is {@code accuracy} (micro) and {@code balanced_accuracy} (macro);</li>
 *   <li>per output ({@code f1_<label>}, {@code rmse_<dimension>}): only when there are 2 to 20 outputs, and no
 *       per-label accuracy (it equals that label's recall);</li>
 *   <li>{@code roc_auc}: the macro-averaged one-vs-rest AUC of classifiers that give probabilities.</li>
 * </ul>
 */
final class EvaluationMetrics {
    static final int MAX_OUTPUTS = 20;
    private static final Set<String> COUNTS = Set.of("TP", "FP", "TN", "FN");

    private EvaluationMetrics() {
    }

    static Map<String, Double> of(Model<?> model, Evaluation<?> evaluation) {
        Map<? extends MetricID<?>, Double> all = evaluation.asMap();
        Map<String, Set<EvaluationMetric.Average>> averages = new HashMap<>();
        Set<Output<?>> outputs = new HashSet<>();
        for (MetricID<?> id : all.keySet()) {
            MetricTarget<?> target = id.getA();
            if (target.getAverageTarget().isPresent()) {
                averages.computeIfAbsent(id.getB(), k -> new HashSet<>()).add(target.getAverageTarget().get());
            } else if (target.getOutputTarget().isPresent()) {
                outputs.add(target.getOutputTarget().get());
            }
        }
        boolean perOutput = outputs.size() > 1 && outputs.size() <= MAX_OUTPUTS;
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<? extends MetricID<?>, Double> e : all.entrySet()) {
            String name = e.getKey().getB();
            if (COUNTS.contains(name) || e.getValue() == null) continue;
            MetricTarget<?> target = e.getKey().getA();
            String metric = metricName(name);
            String key;
            if (target.getAverageTarget().isPresent()) {
                EvaluationMetric.Average avg = target.getAverageTarget().get();
                if ("ACCURACY".equals(name)) {
                    key = avg == EvaluationMetric.Average.MICRO ? "accuracy" : "balanced_accuracy";
                } else {
                    key = averages.get(name).size() > 1 ? metric + "_" + avg.name().toLowerCase(Locale.ROOT) : metric;
                }
            } else if (target.getOutputTarget().isPresent()) {
                if (!perOutput || "ACCURACY".equals(name)) continue;
                key = metric + "_" + outputName(target.getOutputTarget().get());
            } else {
                continue;
            }
            out.put(metricKey(key), e.getValue());
        }
        Double auc = rocAuc(model, evaluation);
        if (auc != null) out.put("roc_auc", auc);
        return out;
    }

    private static String metricName(String tribuoName) {
        switch (tribuoName) {
            case "EV": return "explained_variance";
            case "AUCROC": return "roc_auc";
            default: return tribuoName.toLowerCase(Locale.ROOT);
        }
    }

    /** A label's name, a regression dimension's name, or the output's serialized form. */
    static String outputName(Output<?> output) {
        try {
            Method names = output.getClass().getMethod("getNames");
            Object value = names.invoke(output);
            if (value instanceof String[] && ((String[]) value).length == 1) return ((String[]) value)[0];
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not a regressor
        }
        return output.getSerializableForm(false);
    }

    /** Characters MLflow accepts in metric keys; others become {@code _}. */
    static String metricKey(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length() && b.length() < 250; i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.' || c == '/' || c == ' ';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    /** Macro one-vs-rest ROC AUC for classifiers with probabilities; null when not defined. */
    private static Double rocAuc(Model<?> model, Evaluation<?> evaluation) {
        if (!model.generatesProbabilities()) return null;
        try {
            Class<?> labelEvaluation = Class.forName("org.tribuo.classification.evaluation.LabelEvaluation", false,
                    evaluation.getClass().getClassLoader());
            if (!labelEvaluation.isInstance(evaluation)) return null;
            Object auc = labelEvaluation.getMethod("averageAUCROC", boolean.class).invoke(evaluation, false);
            return auc instanceof Double && Double.isFinite((Double) auc) ? (Double) auc : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // no classification module, or AUC undefined (a label absent from the data)
        }
    }
}
