package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Headless (java.awt.image, no display) PNGs of a classifier's results, as MLflow's sklearn autolog logs them:
 * a row-normalized confusion matrix ("Normalized confusion matrix", blues), a ROC curve with the AUC in the legend
 * and a precision-recall curve with the average precision (AP) in the legend. Drawn on a {@link BufferedImage}
 * only (no window, no toolkit); {@code java.awt.headless} is set to true only when unset and there is no display
 * at all, so a desktop application's own windows are never affected. Should text rendering be unavailable (a JVM
 * without fonts), the plots are drawn without text rather than not at all.
 */
public final class ClassifierPlots {
    /** The image size in pixels: as MLflow's sklearn plots (matplotlib's 10.5 x 7 inches at 100 dpi). */
    public static final int WIDTH = 1050;
    public static final int HEIGHT = 700;
    /** Drawn on a 700 x 467 layout scaled by 1.5, so that text and lines are as large as matplotlib's. */
    static final double SCALE = 1.5;
    static final int LAYOUT_WIDTH = 700;
    static final int LAYOUT_HEIGHT = 467;
    public static final String CONFUSION_MATRIX = "confusion_matrix.png";
    public static final String ROC_CURVE = "roc_curve.png";
    public static final String PRECISION_RECALL_CURVE = "precision_recall_curve.png";
    /** More classes than this make confusion matrix cells too small to see: the plot is skipped. */
    static final int MAX_MATRIX_CLASSES = 100;
    /** Curves drawn at most (the most frequent classes in truth), which also bounds the work to this many sorts. */
    static final int MAX_CURVES = 10;

    private ClassifierPlots() {
    }

    /**
     * File name -> PNG bytes: confusion_matrix.png always; roc_curve.png and precision_recall_curve.png when
     * probabilities != null (one curve per class, one-vs-rest, for multiclass, for the {@value #MAX_CURVES} most
     * frequent classes in truth; for binary the curve of class 1) and at least one curve is defined. The confusion
     * matrix is left out above {@value #MAX_MATRIX_CLASSES} classes. {@code classLabels} may be null (labels are
     * then the class indices). A plot that cannot be drawn is left out with a warning; never throws.
     */
    public static Map<String, byte[]> draw(int[] truth, int[] predicted, double[][] probabilities, String[] classLabels) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (truth == null || predicted == null || truth.length != predicted.length || truth.length == 0) {
            Log.warnOnce("kit-plots-input", "classifier plots skipped: truth and predictions must be non-empty and of "
                    + "the same length");
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
            guarded(out, CONFUSION_MATRIX, () -> Painter.confusionMatrixPng(truth, predicted, labels));
        } else {
            Log.warnOnce("kit-plots-matrix-size", "confusion matrix plot skipped: " + k + " classes do not fit in a "
                    + WIDTH + "x" + HEIGHT + " image (at most " + MAX_MATRIX_CLASSES + ")");
        }
        if (probabilities != null) {
            double[][] proba = probabilities.length == truth.length ? ClassificationMetrics.normalized(probabilities, k) : null;
            if (proba == null) {
                Log.warnOnce("kit-plots-proba", "ROC and precision-recall plots skipped: probabilities need one row per "
                        + "label and one column per class");
            } else {
                guarded(out, ROC_CURVE, () -> Painter.curvesPng(truth, proba, labels, true));
                guarded(out, PRECISION_RECALL_CURVE, () -> Painter.curvesPng(truth, proba, labels, false));
            }
        }
        return out;
    }

    /**
     * Draws them and logs them as run artifacts named prefix + file name (MLflow's names: prefix "training_" gives
     * training_confusion_matrix.png, training_roc_curve.png, training_precision_recall_curve.png). Never throws;
     * nothing when {@code AutologState.options().logPlots()} is false or {@code run} is null.
     */
    public static void logTo(ActiveRun run, String prefix, int[] truth, int[] predicted, double[][] probabilities,
                             String[] classLabels) {
        try {
            if (run == null || !AutologState.options().logPlots()) return;
            String p = prefix == null ? "" : prefix;
            draw(truth, predicted, probabilities, classLabels).forEach((name, png) -> run.logArtifact(p + name, png));
        } catch (Throwable t) {
            Log.warnOnce("kit-plots-log", "could not log classifier plots: " + t);
        }
    }

    private interface Plot {
        byte[] draw() throws IOException;
    }

    private static void guarded(Map<String, byte[]> out, String name, Plot plot) {
        try {
            byte[] png = plot.draw();
            if (png != null) out.put(name, png);
        } catch (Throwable t) {
            if (t instanceof OutOfMemoryError oom) {
                Log.warnOnce("kit-plots-oom", "out of memory drawing " + name);
                return;
            }
            Log.warnOnce("kit-plots-" + name, "could not draw " + name + ": " + t);
        }
    }

    /**
     * Everything that touches java.awt, in its own class: it is loaded only when a plot is drawn, so a JVM without
     * the java.desktop module fails inside {@link #guarded} (a warning) instead of where an integration calls us.
     */
    static final class Painter {
        private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
                new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
                new Color(0xbcbd22), new Color(0x17becf)};
        private static final Color GRID = new Color(0xe6e6e6);
        static volatile boolean textBroken;

        static {
            try {
                String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                boolean noDisplay = System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                        && !os.contains("mac") && !os.contains("win");
                if (noDisplay && System.getProperty("java.awt.headless") == null) {
                    System.setProperty("java.awt.headless", "true");
                }
            } catch (RuntimeException ignored) {
                // a security manager may refuse: BufferedImage drawing works regardless
            }
        }

        private Painter() {
        }

        static byte[] confusionMatrixPng(int[] truth, int[] predicted, String[] labels) throws IOException {
            return png(confusionMatrix(truth, predicted, labels));
        }

        /** Null when no curve is defined. */
        static byte[] curvesPng(int[] truth, double[][] proba, String[] labels, boolean roc) throws IOException {
            BufferedImage img = curves(truth, proba, labels, roc);
            return img == null ? null : png(img);
        }

        static byte[] png(BufferedImage img) throws IOException {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) throw new IOException("no PNG writer in this JVM");
            ImageWriter writer = writers.next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
            // an in-memory stream: ImageIO's default file cache would write temp files
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(stream);
                writer.write(img);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        }

        // ------------------------------------------------------------------ confusion matrix

        private static BufferedImage confusionMatrix(int[] truth, int[] predicted, String[] labels) {
            int k = labels.length;
            long[][] cm = ClassificationMetrics.confusion(truth, predicted, k);
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas(img);
            try {
                title(g, "Normalized confusion matrix");
                int[] box = matrixBox();
                int x0 = box[0], top = box[1], size = box[2];
                double cell = (double) size / k;
                float valueFont = (float) Math.min(14, cell / 3.2);
                boolean showCounts = cell >= 44;
                for (int t = 0; t < k; t++) {
                    long support = 0;
                    for (long v : cm[t]) support += v;
                    for (int p = 0; p < k; p++) {
                        double share = support == 0 ? 0 : (double) cm[t][p] / support;
                        int cx = x0 + (int) Math.round(p * cell), cy = top + (int) Math.round(t * cell);
                        int cw = x0 + (int) Math.round((p + 1) * cell) - cx, ch = top + (int) Math.round((t + 1) * cell) - cy;
                        g.setColor(blues(share));
                        g.fillRect(cx, cy, cw, ch);
                        if (valueFont >= 6) {
                            g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                            g.setFont(font(Font.PLAIN, valueFont));
                            String v = String.format(Locale.ROOT, "%.2f", share);
                            if (showCounts) {
                                text(g, v, cx + cw / 2.0, cy + ch / 2.0 - 1, 0);
                                g.setFont(font(Font.PLAIN, Math.max(6, valueFont - 3)));
                                text(g, "(" + cm[t][p] + ")", cx + cw / 2.0, cy + ch / 2.0 + valueFont + 1, 0);
                            } else {
                                text(g, v, cx + cw / 2.0, cy + ch / 2.0 + valueFont / 3, 0);
                            }
                        }
                    }
                }
                g.setColor(Color.DARK_GRAY);
                g.drawRect(x0, top, size, size);
                // class names on the axes, as many as fit
                float labelFont = (float) Math.min(12, Math.max(7, cell * 0.6));
                g.setFont(font(Font.PLAIN, labelFont));
                g.setColor(Color.BLACK);
                int every = Math.max(1, (int) Math.ceil(labelFont * 1.2 / cell));
                int below = LAYOUT_HEIGHT - 26 - (top + size + 6);
                for (int c = 0; c < k; c += every) {
                    text(g, fit(g, labels[c], x0 - 40), x0 - 6, top + (c + 0.5) * cell + labelFont / 3, 1);
                    double lx = x0 + (c + 0.5) * cell;
                    if (width(g, labels[c]) <= cell * every - 4) text(g, labels[c], lx, top + size + labelFont + 4, 0);
                    else rotatedText(g, fit(g, labels[c], below), lx - labelFont / 3, top + size + 6);
                }
                g.setFont(font(Font.PLAIN, 13));
                g.setColor(Color.BLACK);
                text(g, "Predicted label", x0 + size / 2.0, LAYOUT_HEIGHT - 8, 0);
                rotatedLabel(g, "True label", 18, top + size / 2.0);
                colorBar(g, x0 + size + 24, top, size);
            } finally {
                g.dispose();
            }
            return img;
        }

        /** Where the confusion matrix is drawn: left x, top y, side length. */
        static int[] matrixBox() {
            int top = 46, bottom = LAYOUT_HEIGHT - 80, left = 110, right = LAYOUT_WIDTH - 110;
            int size = Math.min(bottom - top, right - left);
            return new int[]{left + (right - left - size) / 2, top, size};
        }

        private static void colorBar(Graphics2D g, int x, int top, int height) {
            for (int y = 0; y < height; y++) {
                g.setColor(blues(1 - (double) y / Math.max(1, height - 1)));
                g.fillRect(x, top + y, 16, 1);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x, top, 16, height);
            g.setFont(font(Font.PLAIN, 11));
            for (int i = 0; i <= 5; i++) {
                double v = i / 5.0;
                int y = top + (int) Math.round((1 - v) * height);
                g.drawLine(x + 16, y, x + 20, y);
                text(g, String.format(Locale.ROOT, "%.1f", v), x + 23, y + 4, -1);
            }
        }

        /** matplotlib's "Blues" colormap, approximated by linear pieces between its anchor colors. */
        static Color blues(double v) {
            int[] stops = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
            double x = Math.min(1, Math.max(0, Double.isNaN(v) ? 0 : v)) * (stops.length - 1);
            int i = Math.min(stops.length - 2, (int) Math.floor(x));
            double f = x - i;
            int a = stops[i], b = stops[i + 1];
            return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
        }

        private static int mix(int a, int b, double f) {
            a &= 0xff;
            b &= 0xff;
            return (int) Math.round(a + (b - a) * f);
        }

        // ------------------------------------------------------------------ ROC and precision-recall curves

        private static BufferedImage curves(int[] truth, double[][] proba, String[] labels, boolean roc) {
            int k = labels.length;
            List<double[][]> lines = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int[] classes = k <= 2 ? new int[]{1} : mostFrequent(truth, k, MAX_CURVES);
            for (int c : classes) {
                double[] scores = ClassificationMetrics.column(proba, c);
                double[][] pts = roc ? ClassificationMetrics.rocCurve(truth, scores, c)
                        : ClassificationMetrics.precisionRecallCurve(truth, scores, c);
                if (pts == null) continue;
                double area = roc ? ClassificationMetrics.auc(truth, scores, c) : pts[2][0];
                lines.add(pts);
                String who = k <= 2 ? "class " + shorten(labels[c], 20) : shorten(labels[c], 20);
                names.add(who + String.format(Locale.ROOT, roc ? " (AUC = %.2f)" : " (AP = %.2f)", area));
            }
            if (lines.isEmpty()) return null;
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas(img);
            try {
                title(g, roc ? "ROC curve" : "Precision recall curve");
                int left = 72, right = LAYOUT_WIDTH - 24, top = 46, bottom = LAYOUT_HEIGHT - 58;
                axes(g, left, right, top, bottom, roc ? "False Positive Rate" : "Recall", roc ? "True Positive Rate" : "Precision");
                if (roc) {
                    g.setColor(Color.GRAY);
                    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
                    g.drawLine(left, bottom, right, top);
                }
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int i = 0; i < lines.size(); i++) {
                    g.setColor(PALETTE[i % PALETTE.length]);
                    g.draw(path(lines.get(i)[0], lines.get(i)[1], left, right, top, bottom, !roc));
                }
                // where the curves rarely are: lower right for ROC, lower left for precision-recall
                if (k > 2 && k > classes.length) names.add((k - classes.length) + " less frequent classes not drawn");
            legend(g, names, lines.size(), roc ? right - 8 : -(left + 8), bottom - 8);
            } finally {
                g.dispose();
            }
            return img;
        }

        /** Up to {@code max} classes, the most frequent in truth first (ties: lower index), then in index order. */
        static int[] mostFrequent(int[] truth, int k, int max) {
            long[] support = new long[k];
            for (int t : truth) support[t]++;
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) order[c] = c;
            java.util.Arrays.sort(order, (a, b) -> support[a] != support[b] ? Long.compare(support[b], support[a])
                    : Integer.compare(a, b));
            int[] top = new int[Math.min(k, max)];
            for (int i = 0; i < top.length; i++) top[i] = order[i];
            java.util.Arrays.sort(top);
            return top;
        }

        /** The polyline through the points, in pixels, skipping points that land on the pixel drawn last. */
        private static Path2D path(double[] xs, double[] ys, int left, int right, int top, int bottom, boolean steps) {
            Path2D.Double p = new Path2D.Double();
            double w = right - left, h = bottom - top;
            double lastX = Double.NaN, lastY = Double.NaN;
            for (int i = 0; i < xs.length; i++) {
                double x = left + xs[i] * w, y = bottom - ys[i] * h;
                if (i == 0) {
                    p.moveTo(x, y);
                } else {
                    boolean last = i == xs.length - 1;
                    if (!last && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue;
                    // precision-recall is drawn as steps (precision held until recall moves), as scikit-learn draws it
                    if (steps) p.lineTo(x, lastY);
                    p.lineTo(x, y);
                }
                lastX = x;
                lastY = y;
            }
            return p;
        }

        private static void axes(Graphics2D g, int left, int right, int top, int bottom, String xLabel, String yLabel) {
            g.setFont(font(Font.PLAIN, 11));
            for (int i = 0; i <= 5; i++) {
                double v = i / 5.0;
                int x = left + (int) Math.round(v * (right - left));
                int y = bottom - (int) Math.round(v * (bottom - top));
                g.setColor(GRID);
                g.drawLine(x, top, x, bottom);
                g.drawLine(left, y, right, y);
                g.setColor(Color.DARK_GRAY);
                g.drawLine(x, bottom, x, bottom + 4);
                g.drawLine(left - 4, y, left, y);
                String t = String.format(Locale.ROOT, "%.1f", v);
                text(g, t, x, bottom + 17, 0);
                text(g, t, left - 7, y + 4, 1);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(left, top, right - left, bottom - top);
            g.setColor(Color.BLACK);
            g.setFont(font(Font.PLAIN, 13));
            text(g, xLabel, (left + right) / 2.0, LAYOUT_HEIGHT - 14, 0);
            rotatedLabel(g, yLabel, 20, (top + bottom) / 2.0);
        }

        /** A legend whose bottom edge is at {@code bottomY}; its right edge at {@code x}, or its left edge at -x when x < 0. */
        private static void legend(Graphics2D g, List<String> rows, int curves, int x0, int bottomY) {
            if (textBroken) return;
            g.setFont(font(Font.PLAIN, 12));
            int lineH = 17, width = 0;
            try {
                FontMetrics fm = g.getFontMetrics();
                for (String r : rows) width = Math.max(width, fm.stringWidth(r));
            } catch (Throwable t) {
                textFailed(t);
                return;
            }
            int boxW = width + 44, boxH = rows.size() * lineH + 10;
            int x = x0 < 0 ? -x0 : x0 - boxW, y = bottomY - boxH;
            g.setColor(new Color(255, 255, 255, 225));
            g.fillRect(x, y, boxW, boxH);
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x, y, boxW, boxH);
            for (int i = 0; i < rows.size(); i++) {
                int ly = y + 8 + i * lineH + lineH / 2;
                if (i < curves) {
                    g.setColor(PALETTE[i % PALETTE.length]);
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(x + 8, ly, x + 30, ly);
                }
                g.setColor(Color.BLACK);
                text(g, rows.get(i), x + 36, ly + 4, -1);
            }
        }

        // ------------------------------------------------------------------ drawing helpers

        private static Graphics2D canvas(BufferedImage img) {
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(SCALE, SCALE);
            return g;
        }

        private static void title(Graphics2D g, String title) {
            g.setColor(Color.BLACK);
            g.setFont(font(Font.BOLD, 16));
            text(g, title, LAYOUT_WIDTH / 2.0, 28, 0);
        }

        private static Font font(int style, float size) {
            return new Font(Font.SANS_SERIF, style, Math.round(size));
        }

        /** Draws text anchored at x: align -1 left, 0 centered, 1 right. Never throws. */
        private static void text(Graphics2D g, String s, double x, double y, int align) {
            if (textBroken || s == null || s.isEmpty()) return;
            try {
                double w = align == -1 ? 0 : g.getFontMetrics().stringWidth(s);
                double dx = align == -1 ? 0 : align == 0 ? -w / 2 : -w;
                g.drawString(s, (float) (x + dx), (float) y);
            } catch (Throwable t) {
                textFailed(t);
            }
        }

        /** Text rotated 90 degrees counter-clockwise, centered vertically on y. */
        private static void rotatedLabel(Graphics2D g, String s, double x, double y) {
            if (textBroken) return;
            AffineTransform saved = g.getTransform();
            try {
                g.rotate(-Math.PI / 2, x, y);
                text(g, s, x, y, 0);
            } finally {
                g.setTransform(saved);
            }
        }

        /** Tick text rotated 90 degrees, reading downwards from (x, y). */
        private static void rotatedText(Graphics2D g, String s, double x, double y) {
            if (textBroken) return;
            AffineTransform saved = g.getTransform();
            try {
                g.rotate(Math.PI / 2, x, y);
                text(g, s, x, y, -1);
            } finally {
                g.setTransform(saved);
            }
        }

        private static void textFailed(Throwable t) {
            if (t instanceof OutOfMemoryError oom) throw oom;
            textBroken = true;
            Log.warnOnce("kit-plots-fonts", "plots are drawn without text: this JVM cannot render fonts (" + t + ")");
        }

        private static int width(Graphics2D g, String s) {
            if (textBroken) return 0;
            try {
                return g.getFontMetrics().stringWidth(s);
            } catch (Throwable t) {
                textFailed(t);
                return 0;
            }
        }

        /** {@code s}, cut with an ellipsis to fit {@code maxWidth} pixels in the current font. */
        private static String fit(Graphics2D g, String s, int maxWidth) {
            if (width(g, s) <= maxWidth) return s;
            String cut = s;
            while (cut.length() > 1 && width(g, cut + "\u2026") > maxWidth) cut = cut.substring(0, cut.length() - 1);
            return cut + "\u2026";
        }

        private static String shorten(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
        }

        // ------------------------------------------------------------------ horizontal bars (feature importance)

        /**
         * Horizontal bars, one per name, the largest value at the top, as matplotlib's {@code barh} draws MLflow's
         * feature importance plots: 640 pixels wide, 480 high plus 10 per bar beyond ten.
         */
        static byte[] barsPng(String title, String[] names, double[] values, String xLabel) throws IOException {
            int n = names.length;
            int height = LAYOUT_HEIGHT + Math.max(0, n - 10) * 10; // in layout units, as everything drawn
            int pixels = Math.max(HEIGHT, (int) (height * SCALE));
            BufferedImage img = new BufferedImage(WIDTH, pixels, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas(img);
            try {
                title(g, title);
                g.setFont(font(Font.PLAIN, 11));
                int labelWidth = 0;
                for (String name : names) labelWidth = Math.max(labelWidth, width(g, shorten(name, 40)));
                int left = Math.min(LAYOUT_WIDTH / 3, 16 + labelWidth), right = LAYOUT_WIDTH - 24, top = 44;
                int bottom = height - 52;
                double max = 0;
                for (double v : values) if (v > max && Double.isFinite(v)) max = v;
                double scale = max > 0 ? (right - left) / max : 0;
                double slot = (bottom - top) / (double) Math.max(1, n);
                for (int i = 0; i < 5; i++) {
                    double v = max * i / 4.0;
                    int x = left + (int) Math.round(v * scale);
                    g.setColor(GRID);
                    g.drawLine(x, top, x, bottom);
                    g.setColor(Color.DARK_GRAY);
                    g.drawLine(x, bottom, x, bottom + 4);
                    text(g, String.format(Locale.ROOT, max >= 100 ? "%.0f" : "%.2f", v), x, bottom + 17, 0);
                }
                for (int i = 0; i < n; i++) {
                    // bottom-up: bar i at the i-th slot from the bottom, as barh places index i at y = i
                    double centre = bottom - slot * (i + 0.5);
                    int barHeight = (int) Math.max(1, Math.round(slot * 0.5));
                    double v = Double.isFinite(values[i]) ? Math.max(0, values[i]) : 0;
                    g.setColor(PALETTE[0]);
                    g.fillRect(left, (int) Math.round(centre - barHeight / 2.0), (int) Math.round(v * scale), barHeight);
                    g.setColor(Color.DARK_GRAY);
                    g.drawLine(left - 4, (int) Math.round(centre), left, (int) Math.round(centre));
                    text(g, fit(g, shorten(names[i], 40), left - 12), left - 7, centre + 4, 1);
                }
                g.setColor(Color.DARK_GRAY);
                g.drawRect(left, top, right - left, bottom - top);
                g.setColor(Color.BLACK);
                g.setFont(font(Font.PLAIN, 13));
                text(g, xLabel, (left + right) / 2.0, height - 14, 0);
            } finally {
                g.dispose();
            }
            return png(img);
        }
    }
}
