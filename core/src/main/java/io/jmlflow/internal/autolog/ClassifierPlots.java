package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SVG plots of a classifier's results, as MLflow's sklearn autolog logs them (as PNGs, under the same base names): a
 * row-normalized confusion matrix ("Normalized confusion matrix", blues), a ROC curve with the AUC in the legend and
 * a precision-recall curve with the average precision (AP) in the legend. Written as text ({@link SvgCanvas}): no
 * java.awt, no fonts, no image encoder are loaded; the MLflow UI's artifact viewer shows them as images.
 */
public final class ClassifierPlots {
    /** The image size in pixels: as MLflow's sklearn plots (matplotlib's 10.5 x 7 inches at 100 dpi). */
    public static final int WIDTH = 1050;
    public static final int HEIGHT = 700;
    /** Laid out on 700 x 467 units shown 1.5 times larger, so that text and lines are as large as matplotlib's. */
    static final double SCALE = 1.5;
    static final int LAYOUT_WIDTH = 700;
    static final int LAYOUT_HEIGHT = 467;
    public static final String CONFUSION_MATRIX = "confusion_matrix.svg";
    public static final String ROC_CURVE = "roc_curve.svg";
    public static final String PRECISION_RECALL_CURVE = "precision_recall_curve.svg";
    /** More classes than this make confusion matrix cells too small to see: the plot is skipped. */
    static final int MAX_MATRIX_CLASSES = 100;
    /** Curves drawn at most (the most frequent classes in truth), which also bounds the work to this many sorts. */
    static final int MAX_CURVES = 10;
    /** matplotlib's "Blues" colormap: its anchor colours, from 0 to 1. */
    private static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
            0x08306b};

    private ClassifierPlots() {
    }

    /**
     * File name -> SVG (UTF-8): confusion_matrix.svg always; roc_curve.svg and precision_recall_curve.svg when
     * probabilities != null (one curve per class, one-vs-rest, for multiclass, for the {@value #MAX_CURVES} most
     * frequent classes in truth; for binary the curve of class 1) and at least one curve is defined. The confusion
     * matrix is left out above {@value #MAX_MATRIX_CLASSES} classes. {@code classLabels} may be null (labels are
     * then the class indices). A plot that cannot be drawn is left out with a warning; never throws.
     */
    public static Map<String, byte[]> draw(int[] truth, int[] predicted, double[][] probabilities, String[] classLabels) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            if (truth == null || predicted == null || truth.length != predicted.length || truth.length == 0) {
                Log.warnOnce("kit-plots-input", "classifier plots skipped: truth and predictions must be non-empty and "
                        + "of the same length");
                return out;
            }
            int k = ClassificationMetrics.classCount(truth, predicted, classLabels == null ? 0 : classLabels.length);
            if (k < 0) {
                Log.warnOnce("kit-plots-labels", "classifier plots skipped: negative class index");
                return out;
            }
            String[] labels = new String[k];
            for (int c = 0; c < k; c++) {
                labels[c] = classLabels != null && c < classLabels.length && classLabels[c] != null
                        ? classLabels[c] : String.valueOf(c);
            }
            if (k <= MAX_MATRIX_CLASSES) {
                guarded(out, CONFUSION_MATRIX, truth, predicted, null, labels);
            } else {
                Log.warnOnce("kit-plots-matrix-size", "confusion matrix plot skipped: " + k + " classes do not fit in a "
                        + WIDTH + "x" + HEIGHT + " image (at most " + MAX_MATRIX_CLASSES + ")");
            }
            if (probabilities != null) {
                double[][] proba = probabilities.length == truth.length
                        ? ClassificationMetrics.normalized(probabilities, k) : null;
                if (proba == null) {
                    Log.warnOnce("kit-plots-proba", "ROC and precision-recall plots skipped: probabilities need one row "
                            + "per label and one column per class");
                } else {
                    guarded(out, ROC_CURVE, truth, predicted, proba, labels);
                    guarded(out, PRECISION_RECALL_CURVE, truth, predicted, proba, labels);
                }
            }
        } catch (Throwable t) {
            Log.warnOnce("kit-plots", "could not draw the classifier plots: " + t);
        }
        return out;
    }

    /**
     * Draws them and logs them as run artifacts named prefix + file name (MLflow's base names: prefix "training_"
     * gives training_confusion_matrix.svg, training_roc_curve.svg, training_precision_recall_curve.svg). Never
     * throws; nothing when {@code AutologState.options().logPlots()} is false or {@code run} is null.
     */
    public static void logTo(ActiveRun run, String prefix, int[] truth, int[] predicted, double[][] probabilities,
                             String[] classLabels) {
        try {
            if (run == null || !AutologState.options().logPlots()) return;
            String p = prefix == null ? "" : prefix;
            for (Map.Entry<String, byte[]> plot : draw(truth, predicted, probabilities, classLabels).entrySet()) {
                run.logArtifact(p + plot.getKey(), plot.getValue());
            }
        } catch (Throwable t) {
            Log.warnOnce("kit-plots-log", "could not log classifier plots: " + t);
        }
    }

    /** Draws the plot {@code name} into {@code out}; one that cannot be drawn is left out with a warning. */
    private static void guarded(Map<String, byte[]> out, String name, int[] truth, int[] predicted, double[][] proba,
                                String[] labels) {
        try {
            byte[] svg = CONFUSION_MATRIX.equals(name) ? confusionMatrix(truth, predicted, labels)
                    : curves(truth, proba, labels, ROC_CURVE.equals(name));
            if (svg != null) out.put(name, svg);
        } catch (Throwable t) {
            Log.warnOnce("kit-plots-" + name, "could not draw " + name + ": " + t);
        }
    }

    // ------------------------------------------------------------------ confusion matrix

    private static byte[] confusionMatrix(int[] truth, int[] predicted, String[] labels) {
        int k = labels.length;
        long[][] cm = ClassificationMetrics.confusion(truth, predicted, k);
        double[][] shares = new double[k][k];
        for (int t = 0; t < k; t++) {
            long support = 0;
            for (long v : cm[t]) support += v;
            for (int p = 0; p < k; p++) shares[t][p] = support == 0 ? 0 : (double) cm[t][p] / support;
        }
        SvgCanvas g = new SvgCanvas(WIDTH, HEIGHT, SCALE);
        g.title("Normalized confusion matrix");
        int[] box = matrixBox();
        int x0 = box[0], top = box[1], size = box[2];
        double cell = (double) size / k;
        // cells on whole units, so that they tile without gaps
        g.beginCrispGroup();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                long cx = x0 + Math.round(p * cell), cy = top + Math.round(t * cell);
                g.rect(cx, cy, x0 + Math.round((p + 1) * cell) - cx, top + Math.round((t + 1) * cell) - cy,
                        hex(blues(shares[t][p])));
            }
        }
        g.endGroup();
        double valueFont = Math.min(14, cell / 3.2);
        if (valueFont >= 6) {
            boolean showCounts = cell >= 44;
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    String color = shares[t][p] > 0.5 ? SvgCanvas.WHITE : SvgCanvas.BLACK;
                    double cx = x0 + (p + 0.5) * cell, cy = top + (t + 0.5) * cell;
                    String share = SvgCanvas.fixed(shares[t][p], 2);
                    if (showCounts) {
                        g.text(share, cx, cy - 1, valueFont, SvgCanvas.MIDDLE, color);
                        g.text("(" + cm[t][p] + ")", cx, cy + valueFont + 1, Math.max(6, valueFont - 3),
                                SvgCanvas.MIDDLE, color);
                    } else {
                        g.text(share, cx, cy + valueFont / 3, valueFont, SvgCanvas.MIDDLE, color);
                    }
                }
            }
        }
        g.frame(x0, top, size, size, SvgCanvas.AXES);
        // class names on the axes, as many as fit
        double labelFont = Math.min(12, Math.max(7, cell * 0.6));
        int every = Math.max(1, (int) Math.ceil(labelFont * 1.2 / cell));
        int below = LAYOUT_HEIGHT - 26 - (top + size + 6);
        for (int c = 0; c < k; c += every) {
            g.text(SvgCanvas.fit(labels[c], x0 - 40, labelFont), x0 - 6, top + (c + 0.5) * cell + labelFont / 3,
                    labelFont, SvgCanvas.END, SvgCanvas.BLACK);
            double lx = x0 + (c + 0.5) * cell;
            if (SvgCanvas.textWidth(labels[c], labelFont) <= cell * every - 4) {
                g.text(labels[c], lx, top + size + labelFont + 4, labelFont, SvgCanvas.MIDDLE, SvgCanvas.BLACK);
            } else {
                g.rotatedText(SvgCanvas.fit(labels[c], below, labelFont), lx - labelFont / 3, top + size + 6,
                        labelFont, SvgCanvas.START, 90);
            }
        }
        g.text("Predicted label", x0 + size / 2.0, LAYOUT_HEIGHT - 8, 13, SvgCanvas.MIDDLE, SvgCanvas.BLACK);
        g.rotatedText("True label", 18, top + size / 2.0, 13, SvgCanvas.MIDDLE, -90);
        colorBar(g, x0 + size + 24, top, size);
        return g.toBytes();
    }

    /** Where the confusion matrix is drawn, in layout units: left x, top y, side length. */
    static int[] matrixBox() {
        int top = 46, bottom = LAYOUT_HEIGHT - 80, left = 110, right = LAYOUT_WIDTH - 110;
        int size = Math.min(bottom - top, right - left);
        return new int[]{left + (right - left - size) / 2, top, size};
    }

    private static void colorBar(SvgCanvas g, int x, int top, int height) {
        String[] colors = new String[BLUES.length];
        for (int i = 0; i < colors.length; i++) colors[i] = hex(BLUES[colors.length - 1 - i]); // 1 at the top
        g.verticalGradient("blues", colors);
        g.rect(x, top, 16, height, "url(#blues)");
        g.frame(x, top, 16, height, SvgCanvas.AXES);
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            long y = top + Math.round((1 - v) * height);
            g.line(x + 16, y, x + 20, y, SvgCanvas.AXES, 1);
            g.text(SvgCanvas.fixed(v, 1), x + 23, y + 4, 11, SvgCanvas.START, SvgCanvas.AXES);
        }
    }

    /** matplotlib's "Blues" colormap as 0xRRGGBB, approximated by linear pieces between its anchor colours. */
    static int blues(double v) {
        double x = Math.min(1, Math.max(0, Double.isNaN(v) ? 0 : v)) * (BLUES.length - 1);
        int i = Math.min(BLUES.length - 2, (int) Math.floor(x));
        double f = x - i;
        int a = BLUES[i], b = BLUES[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    private static int mix(int a, int b, double f) {
        a &= 0xff;
        b &= 0xff;
        return (int) Math.round(a + (b - a) * f);
    }

    /** {@code #rrggbb} of 0xRRGGBB. */
    static String hex(int rgb) {
        String digits = Integer.toHexString(rgb & 0xffffff);
        return "#000000".substring(0, 7 - digits.length()) + digits;
    }

    // ------------------------------------------------------------------ ROC and precision-recall curves

    /** Null when no curve is defined. */
    private static byte[] curves(int[] truth, double[][] proba, String[] labels, boolean roc) {
        int k = labels.length;
        List<double[][]> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] classes = k <= 2 ? new int[]{1} : mostFrequent(truth, k, MAX_CURVES);
        for (int c : classes) {
            // one sweep (two sorts) for the curve and its area
            ClassificationMetrics.Sweep sweep = ClassificationMetrics.Sweep.of(truth, ClassificationMetrics.column(proba, c), c);
            double[][] pts = roc ? ClassificationMetrics.rocCurve(sweep) : ClassificationMetrics.precisionRecallCurve(sweep);
            if (pts == null) continue;
            double area = roc ? ClassificationMetrics.auc(sweep) : pts[2][0];
            lines.add(pts);
            String who = k <= 2 ? "class " + SvgCanvas.shorten(labels[c], 20) : SvgCanvas.shorten(labels[c], 20);
            names.add(who + (roc ? " (AUC = " : " (AP = ") + SvgCanvas.fixed(area, 2) + ")");
        }
        if (lines.isEmpty()) return null;
        SvgCanvas g = new SvgCanvas(WIDTH, HEIGHT, SCALE);
        g.title(roc ? "ROC curve" : "Precision recall curve");
        int left = 72, right = LAYOUT_WIDTH - 24, top = 46, bottom = LAYOUT_HEIGHT - 58;
        axes(g, left, right, top, bottom, roc ? "False Positive Rate" : "Recall", roc ? "True Positive Rate" : "Precision");
        if (roc) g.dashedLine(left, bottom, right, top, SvgCanvas.GRAY, 5, 4);
        for (int i = 0; i < lines.size(); i++) {
            double[] xy = path(lines.get(i)[0], lines.get(i)[1], left, right, top, bottom, !roc);
            g.polyline(xy, xy.length / 2, SvgCanvas.PALETTE[i % SvgCanvas.PALETTE.length], 2);
        }
        if (k > 2 && k > classes.length) names.add((k - classes.length) + " less frequent classes not drawn");
        // where the curves rarely are: lower right for ROC, lower left for precision-recall
        legend(g, names, lines.size(), roc ? right - 8 : -(left + 8), bottom - 8);
        return g.toBytes();
    }

    /** Up to {@code max} classes, the most frequent in truth first (ties: lower index), then in index order. */
    static int[] mostFrequent(int[] truth, int k, int max) {
        long[] support = new long[k];
        for (int t : truth) support[t]++;
        boolean[] taken = new boolean[k];
        int[] top = new int[Math.min(k, max)];
        for (int i = 0; i < top.length; i++) {
            int best = -1;
            for (int c = 0; c < k; c++) if (!taken[c] && (best < 0 || support[c] > support[best])) best = c;
            taken[best] = true;
            top[i] = best;
        }
        Arrays.sort(top);
        return top;
    }

    /**
     * The polyline through the points, in layout units (x0, y0, x1, y1, ...), skipping points that land within half a
     * unit of the point kept last, and the inner points of straight horizontal and vertical runs (a ROC curve is mostly
     * such steps; as scikit-learn's {@code drop_intermediate}, the drawing is the same with far fewer numbers).
     */
    static double[] path(double[] xs, double[] ys, int left, int right, int top, int bottom, boolean steps) {
        double[] xy = new double[Math.max(2, 4 * xs.length)];
        int n = 0;
        double w = right - left, h = bottom - top;
        double lastX = Double.NaN, lastY = Double.NaN;
        for (int i = 0; i < xs.length; i++) {
            double x = left + xs[i] * w, y = bottom - ys[i] * h;
            if (i > 0) {
                boolean last = i == xs.length - 1;
                if (!last && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue;
                // precision-recall is drawn as steps (precision held until recall moves), as scikit-learn draws it
                if (steps) n = addPoint(xy, n, x, lastY);
            }
            n = addPoint(xy, n, x, y);
            lastX = x;
            lastY = y;
        }
        return Arrays.copyOf(xy, n);
    }

    /** Appends (x, y), or moves the last point there when it is the middle of a straight axis-parallel run. */
    private static int addPoint(double[] xy, int n, double x, double y) {
        if (n >= 4) {
            double ax = xy[n - 4], ay = xy[n - 3], bx = xy[n - 2], by = xy[n - 1];
            boolean vertical = ax == bx && bx == x && (by - ay) * (y - by) >= 0;
            boolean horizontal = ay == by && by == y && (bx - ax) * (x - bx) >= 0;
            if (vertical || horizontal) {
                xy[n - 2] = x;
                xy[n - 1] = y;
                return n;
            }
        }
        xy[n++] = x;
        xy[n++] = y;
        return n;
    }

    private static void axes(SvgCanvas g, int left, int right, int top, int bottom, String xLabel, String yLabel) {
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            long x = left + Math.round(v * (right - left));
            long y = bottom - Math.round(v * (bottom - top));
            g.line(x, top, x, bottom, SvgCanvas.GRID, 1);
            g.line(left, y, right, y, SvgCanvas.GRID, 1);
            g.line(x, bottom, x, bottom + 4, SvgCanvas.AXES, 1);
            g.line(left - 4, y, left, y, SvgCanvas.AXES, 1);
            String t = SvgCanvas.fixed(v, 1);
            g.text(t, x, bottom + 17, 11, SvgCanvas.MIDDLE, SvgCanvas.AXES);
            g.text(t, left - 7, y + 4, 11, SvgCanvas.END, SvgCanvas.AXES);
        }
        g.frame(left, top, right - left, bottom - top, SvgCanvas.AXES);
        g.text(xLabel, (left + right) / 2.0, LAYOUT_HEIGHT - 14, 13, SvgCanvas.MIDDLE, SvgCanvas.BLACK);
        g.rotatedText(yLabel, 20, (top + bottom) / 2.0, 13, SvgCanvas.MIDDLE, -90);
    }

    /** A legend whose bottom edge is at {@code bottomY}; its right edge at {@code x}, or its left edge at -x when x < 0. */
    private static void legend(SvgCanvas g, List<String> rows, int curves, int x0, int bottomY) {
        double font = 12, width = 0;
        int lineH = 17;
        for (String r : rows) width = Math.max(width, SvgCanvas.textWidth(r, font));
        double boxW = width + 44, boxH = rows.size() * lineH + 10;
        double x = x0 < 0 ? -x0 : x0 - boxW, y = bottomY - boxH;
        g.box(x, y, boxW, boxH, SvgCanvas.LIGHT_GRAY);
        for (int i = 0; i < rows.size(); i++) {
            double ly = y + 8 + i * lineH + lineH / 2;
            if (i < curves) g.line(x + 8, ly, x + 30, ly, SvgCanvas.PALETTE[i % SvgCanvas.PALETTE.length], 2);
            g.text(rows.get(i), x + 36, ly + 4, font, SvgCanvas.START, SvgCanvas.BLACK);
        }
    }
}
