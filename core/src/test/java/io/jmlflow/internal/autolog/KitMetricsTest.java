package io.jmlflow.internal.autolog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classifier and regressor metrics against hand-computed values and against scikit-learn (an MLflow dependency). */
class KitMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void binaryMetricsMatchHandComputedValues() {
        int[] truth = {0, 0, 1, 1, 1, 0};
        int[] predicted = {0, 1, 1, 1, 0, 0};
        double[] p1 = {0.1, 0.6, 0.8, 0.7, 0.4, 0.3};
        Map<String, Double> m = ClassificationMetrics.compute(truth, predicted, binary(p1), 2);
        assertEquals(List.of("accuracy_score", "precision_score", "recall_score", "f1_score", "log_loss", "roc_auc", "score"),
                List.copyOf(m.keySet()));
        assertEquals(4.0 / 6, m.get("accuracy_score"), 1e-15);
        assertEquals(2.0 / 3, m.get("precision_score"), 1e-15);
        assertEquals(2.0 / 3, m.get("recall_score"), 1e-15);
        assertEquals(2.0 / 3, m.get("f1_score"), 1e-15);
        // positives 0.8, 0.7, 0.4 against negatives 0.1, 0.6, 0.3: 8 of 9 pairs ordered right
        assertEquals(8.0 / 9, m.get("roc_auc"), 1e-15);
        double logLoss = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.7) + Math.log(0.4) + Math.log(0.7)) / 6;
        assertEquals(logLoss, m.get("log_loss"), 1e-15);
        assertEquals(m.get("accuracy_score"), m.get("score"));
    }

    @Test
    void multiclassWeightedAveragesMatchHandComputedValues() {
        int[] truth = {0, 1, 2, 2, 1, 0};
        int[] predicted = {0, 2, 2, 2, 1, 1};
        Map<String, Double> m = ClassificationMetrics.compute(truth, predicted, null, 3);
        assertEquals(4.0 / 6, m.get("accuracy_score"), 1e-15);
        assertEquals((1 + 0.5 + 2.0 / 3) / 3, m.get("precision_score"), 1e-15);
        assertEquals((0.5 + 0.5 + 1) / 3, m.get("recall_score"), 1e-15);
        assertEquals((2.0 / 3 + 0.5 + 0.8) / 3, m.get("f1_score"), 1e-15);
        assertFalse(m.containsKey("log_loss"));
        assertFalse(m.containsKey("roc_auc"));
    }

    @Test
    void tiesCountHalfAndExtremeProbabilitiesAreClipped() {
        int[] truth = {1, 0, 1, 0};
        double[] p1 = {0.5, 0.5, 1.0, 0.0};
        Map<String, Double> m = ClassificationMetrics.compute(truth, new int[]{1, 1, 1, 0}, binary(p1), 2);
        // pairs: (0.5 vs 0.5) half, (0.5 vs 0) 1, (1 vs 0.5) 1, (1 vs 0) 1 -> 3.5 / 4
        assertEquals(0.875, m.get("roc_auc"), 1e-15);
        int[] wrong = {1};
        Map<String, Double> sure = ClassificationMetrics.compute(wrong, wrong, new double[][]{{1.0, 0.0}}, 2);
        assertEquals(-Math.log(Math.ulp(1.0)), sure.get("log_loss"), 1e-9);
        assertFalse(sure.containsKey("roc_auc"), "roc_auc is undefined with one class in truth");
        // a single positive-class column is accepted for binary
        Map<String, Double> one = ClassificationMetrics.compute(truth, new int[]{1, 1, 1, 0},
                new double[][]{{0.5}, {0.5}, {1.0}, {0.0}}, 2);
        assertEquals(m.get("roc_auc"), one.get("roc_auc"));
    }

    @Test
    void badInputGivesNoMetricsInsteadOfAnException() {
        assertTrue(ClassificationMetrics.compute(new int[]{0, 1}, new int[]{0}, null, 2).isEmpty());
        assertTrue(ClassificationMetrics.compute(new int[]{-1}, new int[]{0}, null, 2).isEmpty());
        assertTrue(ClassificationMetrics.compute(null, null, null, 2).isEmpty());
        assertTrue(RegressionMetrics.compute(new double[]{1}, new double[]{1, 2}).isEmpty());
        Map<String, Double> noProba = ClassificationMetrics.compute(new int[]{0, 1}, new int[]{0, 1}, new double[][]{{1}}, 2);
        assertEquals(1.0, noProba.get("accuracy_score"));
        assertFalse(noProba.containsKey("log_loss"));
    }

    @Test
    void regressionMetricsMatchHandComputedValues() {
        Map<String, Double> m = RegressionMetrics.compute(new double[]{1, 2, 3, 4}, new double[]{1.5, 2, 2, 5});
        assertEquals(List.of("mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score", "score"),
                List.copyOf(m.keySet()));
        assertEquals((0.25 + 0 + 1 + 1) / 4, m.get("mean_squared_error"), 1e-15);
        assertEquals(Math.sqrt(2.25 / 4), m.get("root_mean_squared_error"), 1e-15);
        assertEquals((0.5 + 0 + 1 + 1) / 4, m.get("mean_absolute_error"), 1e-15);
        assertEquals(1 - 2.25 / 5, m.get("r2_score"), 1e-15);
        assertEquals(m.get("r2_score"), m.get("score"));
        assertEquals(1.0, RegressionMetrics.compute(new double[]{3, 3}, new double[]{3, 3}).get("r2_score"));
        assertEquals(0.0, RegressionMetrics.compute(new double[]{3, 3}, new double[]{3, 4}).get("r2_score"));
    }

    @Test
    void valuesEqualScikitLearns() throws Exception {
        Random random = new Random(42);
        Map<String, Object> cases = new LinkedHashMap<>();
        Map<String, Map<String, Double>> ours = new LinkedHashMap<>();
        // binary, 4 classes and 7 classes; probabilities rounded to 2 decimals so that there are ties
        for (int k : new int[]{2, 4, 7}) {
            int n = 300 + k;
            int[] truth = new int[n], predicted = new int[n];
            double[][] proba = new double[n][k];
            for (int i = 0; i < n; i++) {
                truth[i] = i < k ? i : random.nextInt(k);
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    proba[i][c] = Math.round((random.nextDouble() + (c == truth[i] ? 0.8 : 0)) * 100) / 100.0 + 0.01;
                    sum += proba[i][c];
                }
                int best = 0;
                for (int c = 0; c < k; c++) {
                    proba[i][c] /= sum;
                    if (proba[i][c] > proba[i][best]) best = c;
                }
                predicted[i] = best;
            }
            cases.put("k" + k, Map.of("truth", truth, "predicted", predicted, "proba", proba, "k", k));
            Map<String, Double> metrics = new LinkedHashMap<>(ClassificationMetrics.compute(truth, predicted, proba, k));
            double[][] pr = ClassificationMetrics.precisionRecallCurve(truth, ClassificationMetrics.column(proba, 1), 1);
            metrics.put("average_precision_1", pr[2][0]);
            ours.put("k" + k, metrics);
        }
        // a class predicted that never occurs in truth, and one never predicted
        int[] truth = {0, 0, 1, 1, 2, 2, 2, 0};
        int[] predicted = {0, 3, 1, 0, 3, 2, 2, 0};
        cases.put("extra", Map.of("truth", truth, "predicted", predicted, "k", 4));
        ours.put("extra", ClassificationMetrics.compute(truth, predicted, null, 4));
        double[] y = new double[200], yHat = new double[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian() * 3 + 10;
            yHat[i] = y[i] + random.nextGaussian();
        }
        cases.put("regression", Map.of("y", y, "yHat", yHat));
        Map<String, Double> regression = RegressionMetrics.compute(y, yHat);

        String script = "import json, numpy as np\n"
                + "from sklearn import metrics as m\n"
                + "cases = json.loads(" + pyString(JSON.writeValueAsString(cases)) + ")\n"
                + "out = {}\n"
                + "for name, c in cases.items():\n"
                + "    if name == 'regression':\n"
                + "        y, p = np.array(c['y']), np.array(c['yHat'])\n"
                + "        out[name] = {'mean_squared_error': m.mean_squared_error(y, p),\n"
                + "            'root_mean_squared_error': m.root_mean_squared_error(y, p),\n"
                + "            'mean_absolute_error': m.mean_absolute_error(y, p), 'r2_score': m.r2_score(y, p)}\n"
                + "        continue\n"
                + "    t, p, k = np.array(c['truth']), np.array(c['predicted']), c['k']\n"
                + "    r = {'accuracy_score': m.accuracy_score(t, p)}\n"
                + "    for f in ('precision_score', 'recall_score', 'f1_score'):\n"
                + "        r[f] = getattr(m, f)(t, p, average='weighted', zero_division=0)\n"
                + "    if 'proba' in c:\n"
                + "        pr = np.array(c['proba'])\n"
                + "        r['average_precision_1'] = m.average_precision_score(t == 1, pr[:, 1])\n"
                + "        r['log_loss'] = m.log_loss(t, pr, labels=list(range(k)))\n"
                + "        r['roc_auc'] = m.roc_auc_score(t, pr[:, 1]) if k == 2 else m.roc_auc_score(t, pr, "
                + "average='weighted', multi_class='ovo')\n"
                + "    out[name] = r\n"
                + "print(json.dumps(out))\n";
        JsonNode sk = PythonMlflow.json(null, dir, script);
        for (String name : ours.keySet()) {
            JsonNode expected = sk.get(name);
            Map<String, Double> actual = ours.get(name);
            expected.fieldNames().forEachRemaining(f -> assertEquals(expected.get(f).asDouble(), actual.get(f), 1e-12,
                    name + " " + f));
            assertEquals(expected.size() + 1, actual.size(), name + ": " + actual.keySet());
        }
        JsonNode expected = sk.get("regression");
        expected.fieldNames().forEachRemaining(f -> assertEquals(expected.get(f).asDouble(), regression.get(f), 1e-12, f));
    }

    @Test
    void severalOutputsAverageEachMetricOverTheOutputs() {
        double[][] truth = {{1, 2, 3, 4}, {10, 20, 30, 45}};
        double[][] predicted = {{1.5, 2, 2.5, 4}, {12, 19, 33, 40}};
        Map<String, Double> first = RegressionMetrics.compute(truth[0], predicted[0]);
        Map<String, Double> second = RegressionMetrics.compute(truth[1], predicted[1]);
        Map<String, Double> averaged = RegressionMetrics.computeAveraged(truth, predicted);
        assertEquals(first.keySet(), averaged.keySet());
        for (String k : first.keySet()) assertEquals((first.get(k) + second.get(k)) / 2, averaged.get(k), 1e-12, k);
        assertEquals(first, RegressionMetrics.computeAveraged(new double[][] {truth[0]}, new double[][] {predicted[0]}));
        assertTrue(RegressionMetrics.computeAveraged(new double[0][], new double[0][]).isEmpty());
    }

    @Test
    void largeInputsStayFast() {
        int n = 200_000, k = 5;
        Random random = new Random(1);
        int[] truth = new int[n], predicted = new int[n];
        double[][] proba = new double[n][k];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(k);
            predicted[i] = random.nextInt(10) < 8 ? truth[i] : random.nextInt(k);
            proba[i][predicted[i]] = 0.6;
            for (int c = 0; c < k; c++) if (c != predicted[i]) proba[i][c] = 0.1;
        }
        Map<String, Double> m = ClassificationMetrics.compute(truth, predicted, proba, k);
        assertEquals(7, m.size());
        assertTrue(m.get("roc_auc") > 0.8 && m.get("roc_auc") < 1, "roc_auc " + m.get("roc_auc"));
    }

    @Test
    void manyClassesNeedNoClassByClassMatrix() {
        int k = 200_000, n = 400_000;
        int[] truth = new int[n], predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % k;
            predicted[i] = i % 4 == 0 ? (i + 1) % k : truth[i];
        }
        Map<String, Double> m = ClassificationMetrics.compute(truth, predicted, null, k);
        assertEquals(0.75, m.get("accuracy_score"), 1e-15);
        // every class: 2 samples, one in four predicted wrong; per class precision = recall = tp / 2
        assertEquals(0.75, m.get("recall_score"), 1e-12);
    }

    static double[][] binary(double[] p1) {
        double[][] p = new double[p1.length][];
        for (int i = 0; i < p1.length; i++) p[i] = new double[]{1 - p1[i], p1[i]};
        return p;
    }

    /** A Python string literal (JSON's escaping is valid Python). */
    static String pyString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
