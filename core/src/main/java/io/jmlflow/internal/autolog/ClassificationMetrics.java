package io.jmlflow.internal.autolog;

import io.jmlflow.internal.Log;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow's (sklearn autolog) classifier metrics, unprefixed keys: accuracy_score, precision_score, recall_score,
 * f1_score (weighted averages), log_loss and roc_auc (only when probabilities != null; multiclass roc_auc is the
 * weighted one-vs-one, as MLflow logs it), score (= accuracy). Integrations add the prefix: "training_" or the eval prefix.
 *
 * <p>Values equal scikit-learn's: precision/recall/F1 with {@code average="weighted"} over the labels present in
 * truth or predictions, weighted by their support in truth, {@code zero_division=0}; log_loss with probabilities
 * clipped to {@code [eps, 1 - eps]} (eps = 2.22e-16, the float64 machine epsilon; rows not summing to 1 are
 * normalized); binary roc_auc from the positive (class 1) column; multiclass roc_auc as
 * {@code roc_auc_score(average="weighted", multi_class="ovo")} (MLflow's choice) over the classes present in truth. roc_auc is left out when it is undefined (truth holds a single class), and
 * for more than {@value #MAX_AUC_CELLS} classes x rows (a warning says so). O(n + k) for the label metrics,
 * O(n log n) per class for roc_auc; deterministic.
 */
public final class ClassificationMetrics {
    /** float64 machine epsilon, as scikit-learn clips probabilities. */
    static final double EPS = Math.ulp(1.0);
    /** Multiclass roc_auc compares every pair of classes: skipped above this many pairs. */
    static final long MAX_AUC_PAIRS = 20_000;
    /** Multiclass roc_auc sorts every class's scores: skipped (with a warning) above classes x rows = this. */
    static final long MAX_AUC_CELLS = 50_000_000L;

    private ClassificationMetrics() {
    }

    /**
     * The metrics for class indices {@code truth} and {@code predicted} (in {@code [0, numClasses)}) and optional
     * per-class {@code probabilities} (rows of length numClasses; for binary, a single column is taken as the
     * positive class). Bad input (different lengths, negative labels) gives an empty map and a warning, never an
     * exception.
     */
    public static Map<String, Double> compute(int[] truth, int[] predicted, double[][] probabilities, int numClasses) {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            if (truth == null || predicted == null || truth.length != predicted.length || truth.length == 0) {
                Log.warnOnce("kit-metrics-input", "classification metrics skipped: truth and predictions must be "
                        + "non-empty and of the same length");
                return out;
            }
            int k = classCount(truth, predicted, numClasses);
            if (k < 0) {
                Log.warnOnce("kit-metrics-labels", "classification metrics skipped: negative class index");
                return out;
            }
            // per-class counts only (no k x k matrix): O(n + k) whatever the number of classes
            long[] support = new long[k], predictedCount = new long[k], truePositives = new long[k];
            for (int i = 0; i < truth.length; i++) {
                support[truth[i]]++;
                predictedCount[predicted[i]]++;
                if (truth[i] == predicted[i]) truePositives[truth[i]]++;
            }
            int n = truth.length;
            long correct = 0;
            for (int c = 0; c < k; c++) correct += truePositives[c];
            double accuracy = (double) correct / n;
            double precision = 0, recall = 0, f1 = 0;
            for (int c = 0; c < k; c++) {
                if (support[c] == 0) continue;
                long tp = truePositives[c];
                double p = predictedCount[c] == 0 ? 0 : (double) tp / predictedCount[c];
                double r = (double) tp / support[c];
                double f = 2.0 * tp / (support[c] + predictedCount[c]);
                precision += support[c] * p;
                recall += support[c] * r;
                f1 += support[c] * f;
            }
            out.put("accuracy_score", accuracy);
            out.put("precision_score", precision / n);
            out.put("recall_score", recall / n);
            out.put("f1_score", f1 / n);
            if (probabilities != null) {
                if (probabilities.length != n) {
                    Log.warnOnce("kit-metrics-proba", "log_loss and roc_auc skipped: " + probabilities.length
                            + " probability rows for " + n + " labels");
                } else {
                    double[][] proba = normalized(probabilities, k);
                    if (proba != null) {
                        out.put("log_loss", logLoss(truth, proba));
                        if (k > 2 && (long) k * n > MAX_AUC_CELLS) {
                            Log.warnOnce("kit-metrics-auc-size", "roc_auc skipped: " + k + " classes x " + n
                                    + " rows is more than " + MAX_AUC_CELLS + " scores to compare");
                        } else {
                            double auc = rocAuc(truth, proba, k);
                            if (!Double.isNaN(auc)) out.put("roc_auc", auc);
                        }
                    } else {
                        Log.warnOnce("kit-metrics-proba-shape", "log_loss and roc_auc skipped: probability rows must "
                                + "have one column per class");
                    }
                }
            }
            out.put("score", accuracy);
        } catch (RuntimeException e) {
            Log.warnOnce("kit-metrics-error", "classification metrics failed: " + e);
        }
        return out;
    }

    /** max(numClasses, largest label + 1), or -1 when a label is negative. */
    static int classCount(int[] truth, int[] predicted, int numClasses) {
        int k = Math.max(numClasses, 0);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || predicted[i] < 0) return -1;
            k = Math.max(k, Math.max(truth[i], predicted[i]) + 1);
        }
        return k;
    }

    /** cm[truth][predicted] counts. */
    static long[][] confusion(int[] truth, int[] predicted, int k) {
        long[][] cm = new long[k][k];
        for (int i = 0; i < truth.length; i++) cm[truth[i]][predicted[i]]++;
        return cm;
    }

    /**
     * Rows of exactly k columns summing to 1 (a single binary column p becomes [1 - p, p]; rows off by more than
     * 1e-9 are divided by their sum), or null when the shape does not fit.
     */
    static double[][] normalized(double[][] probabilities, int k) {
        double[][] out = new double[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            double[] row = probabilities[i];
            if (row == null) return null;
            if (row.length == 1 && k <= 2) row = new double[]{1 - row[0], row[0]};
            if (row.length < k) {
                // fewer columns than labels seen: only usable when the extra classes never occur (columns = classes)
                return null;
            }
            double sum = 0;
            for (double v : row) sum += v;
            if (Math.abs(sum - 1) > 1e-9 && sum > 0 && !Double.isNaN(sum)) {
                double[] r = new double[row.length];
                for (int j = 0; j < row.length; j++) r[j] = row[j] / sum;
                row = r;
            }
            out[i] = row;
        }
        return out;
    }

    static double logLoss(int[] truth, double[][] proba) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double p = proba[i][truth[i]];
            if (Double.isNaN(p)) p = EPS;
            p = Math.min(Math.max(p, EPS), 1 - EPS);
            sum -= Math.log(p);
        }
        return sum / truth.length;
    }

    /**
     * Binary: AUC of class 1. Multiclass: what MLflow's autologging logs, scikit-learn's
     * {@code roc_auc_score(average="weighted", multi_class="ovo")}: for each pair of classes present in truth, the mean
     * of the two one-vs-one AUCs over the samples of those two classes, weighted by the pair's share of all samples.
     * NaN when undefined (fewer than two classes in truth, or too many pairs to be worth it).
     */
    static double rocAuc(int[] truth, double[][] proba, int k) {
        if (k <= 2) {
            return auc(truth, column(proba, 1), 1);
        }
        int[] support = new int[k];
        for (int t : truth) support[t]++;
        int count = 0;
        for (int c = 0; c < k; c++) if (support[c] > 0) count++;
        int[] present = new int[count];
        for (int c = 0, i = 0; c < k; c++) if (support[c] > 0) present[i++] = c;
        if (present.length < 2 || (long) present.length * (present.length - 1) / 2 > MAX_AUC_PAIRS) return Double.NaN;
        double sum = 0;
        double weight = 0;
        for (int x = 0; x < present.length; x++) {
            for (int y = x + 1; y < present.length; y++) {
                int a = present[x], b = present[y];
                int m = support[a] + support[b];
                int[] pairTruth = new int[m];
                double[] scoreA = new double[m], scoreB = new double[m];
                int j = 0;
                for (int i = 0; i < truth.length; i++) {
                    if (truth[i] != a && truth[i] != b) continue;
                    pairTruth[j] = truth[i];
                    scoreA[j] = a < proba[i].length ? proba[i][a] : 0;
                    scoreB[j] = b < proba[i].length ? proba[i][b] : 0;
                    j++;
                }
                double share = (double) m / truth.length;
                sum += share * (auc(pairTruth, scoreA, a) + auc(pairTruth, scoreB, b)) / 2;
                weight += share;
            }
        }
        return sum / weight;
    }

    static double[] column(double[][] proba, int c) {
        double[] s = new double[proba.length];
        for (int i = 0; i < proba.length; i++) s[i] = c < proba[i].length ? proba[i][c] : 0;
        return s;
    }

    /** Area under the ROC curve of {@code truth == positive} scored by {@code scores} (trapezoids: ties count half). */
    static double auc(int[] truth, double[] scores, int positive) {
        return auc(Sweep.of(truth, scores, positive));
    }

    /** {@link #auc(int[], double[], int)} of a sweep made already. */
    static double auc(Sweep sw) {
        if (sw.pos == 0 || sw.neg == 0) return Double.NaN;
        double area = 0;
        long prevTp = 0, prevFp = 0;
        for (int i = 0; i < sw.points; i++) {
            area += (double) (sw.fp[i] - prevFp) * (sw.tp[i] + prevTp) / 2.0;
            prevTp = sw.tp[i];
            prevFp = sw.fp[i];
        }
        return area / ((double) sw.pos * sw.neg);
    }

    /**
     * Cumulative true and false positives at each distinct score, from the highest score down (what ROC and
     * precision-recall curves are made of). Two primitive sorts: O(n log n), no boxing.
     */
    static final class Sweep {
        final long pos;
        final long neg;
        final long[] tp;
        final long[] fp;
        final int points;

        private Sweep(long pos, long neg, long[] tp, long[] fp, int points) {
            this.pos = pos;
            this.neg = neg;
            this.tp = tp;
            this.fp = fp;
            this.points = points;
        }

        static Sweep of(int[] truth, double[] scores, int positive) {
            int n = truth.length;
            int pos = 0;
            for (int t : truth) if (t == positive) pos++;
            double[] p = new double[pos], q = new double[n - pos];
            int a = 0, b = 0;
            for (int i = 0; i < n; i++) {
                double s = Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i];
                if (truth[i] == positive) p[a++] = s;
                else q[b++] = s;
            }
            Arrays.sort(p);
            Arrays.sort(q);
            long[] tp = new long[n], fp = new long[n];
            int pts = 0;
            int i = p.length - 1, j = q.length - 1;
            long ctp = 0, cfp = 0;
            while (i >= 0 || j >= 0) {
                double s = i < 0 ? q[j] : j < 0 ? p[i] : Math.max(p[i], q[j]);
                while (i >= 0 && p[i] == s) { ctp++; i--; }
                while (j >= 0 && q[j] == s) { cfp++; j--; }
                tp[pts] = ctp;
                fp[pts] = cfp;
                pts++;
            }
            return new Sweep(pos, n - pos, tp, fp, pts);
        }
    }

    /**
     * Points of the ROC curve (fpr, tpr) of {@code truth == positive}, one per distinct score from high to low,
     * starting at (0, 0); null when a side is empty.
     */
    static double[][] rocCurve(int[] truth, double[] scores, int positive) {
        return rocCurve(Sweep.of(truth, scores, positive));
    }

    /** {@link #rocCurve(int[], double[], int)} of a sweep made already. */
    static double[][] rocCurve(Sweep sw) {
        if (sw.pos == 0 || sw.neg == 0) return null;
        double[] fpr = new double[sw.points + 1], tpr = new double[sw.points + 1];
        for (int i = 0; i < sw.points; i++) {
            fpr[i + 1] = (double) sw.fp[i] / sw.neg;
            tpr[i + 1] = (double) sw.tp[i] / sw.pos;
        }
        return new double[][]{fpr, tpr};
    }

    /**
     * Points of the precision-recall curve (recall, precision) of {@code truth == positive}, one per distinct
     * score from high to low after (0, 1) up to full recall, plus scikit-learn's average precision (sum over thresholds of
     * (R_n - R_n-1) * P_n) as the third row's only element; null when there is no positive.
     */
    static double[][] precisionRecallCurve(int[] truth, double[] scores, int positive) {
        return precisionRecallCurve(Sweep.of(truth, scores, positive));
    }

    /** {@link #precisionRecallCurve(int[], double[], int)} of a sweep made already. */
    static double[][] precisionRecallCurve(Sweep sw) {
        if (sw.pos == 0) return null;
        double[] recall = new double[sw.points + 1], precision = new double[sw.points + 1];
        precision[0] = 1;
        double ap = 0, lastRecall = 0;
        for (int i = 0; i < sw.points; i++) {
            double r = (double) sw.tp[i] / sw.pos, p = (double) sw.tp[i] / (sw.tp[i] + sw.fp[i]);
            ap += (r - lastRecall) * p;
            lastRecall = r;
            recall[i + 1] = r;
            precision[i + 1] = p;
            if (sw.tp[i] == sw.pos) {
                // as scikit-learn, the curve ends where full recall is first reached
                return new double[][]{Arrays.copyOf(recall, i + 2), Arrays.copyOf(precision, i + 2), {ap}};
            }
        }
        return new double[][]{recall, precision, {ap}};
    }
}
