package io.jmlflow.internal.autolog;

import io.jmlflow.testing.SvgPlot;
import io.jmlflow.testing.Warnings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plots are well-formed SVG documents of MLflow's size that show what they are about. */
class ClassifierPlotsTest {
    /** A number in exponent notation ({@code 1.0E-5}), which our coordinates and labels never use. */
    private static final Pattern EXPONENT = Pattern.compile("(?<![\\w#.])\\d+(?:\\.\\d+)?[eE][-+]?\\d");

    @Test
    void binaryPlotsAreThreeSvgsOfMlflowsSize() throws Exception {
        int n = 400;
        Random random = new Random(3);
        int[] truth = new int[n], predicted = new int[n];
        double[][] proba = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(2);
            double p = Math.min(1, Math.max(0, truth[i] * 0.5 + random.nextDouble() * 0.6 - 0.05));
            proba[i] = new double[]{1 - p, p};
            predicted[i] = p >= 0.5 ? 1 : 0;
        }
        Locale before = Locale.getDefault();
        Map<String, byte[]> plots;
        try {
            Locale.setDefault(Locale.GERMANY); // decimal commas would break the numbers
            plots = ClassifierPlots.draw(truth, predicted, proba, new String[]{"no", "yes"});
        } finally {
            Locale.setDefault(before);
        }
        assertEquals(List.of("confusion_matrix.svg", "roc_curve.svg", "precision_recall_curve.svg"),
                List.copyOf(plots.keySet()));
        SvgPlot.parse(plots.get("confusion_matrix.svg")).assertPlot("confusion matrix", "Normalized confusion matrix",
                "Predicted label", "True label", "no", "yes", "0.0", "1.0");
        SvgPlot roc = SvgPlot.parse(plots.get("roc_curve.svg")).assertPlot("ROC", "ROC curve", "False Positive Rate",
                "True Positive Rate", "0.0", "0.2", "1.0");
        SvgPlot pr = SvgPlot.parse(plots.get("precision_recall_curve.svg")).assertPlot("PR", "Precision recall curve",
                "Recall", "Precision");
        double auc = ClassificationMetrics.auc(truth, ClassificationMetrics.column(proba, 1), 1);
        assertTrue(roc.texts().contains("class yes (AUC = " + String.format(Locale.ROOT, "%.2f", auc) + ")"),
                roc.texts().toString());
        assertTrue(pr.texts().stream().anyMatch(t -> t.matches("class yes \\(AP = 0\\.\\d\\d\\)")), pr.texts().toString());
        assertEquals(1, roc.polylines().size(), "class 1's curve");
        assertEquals(1, pr.polylines().size());
        for (Map.Entry<String, byte[]> e : plots.entrySet()) {
            String svg = new String(e.getValue(), StandardCharsets.UTF_8);
            assertTrue(svg.contains("viewBox=\"0 0 700 466.67\""), e.getKey() + ": a decimal point, whatever the locale");
            assertTrue(svg.contains("font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\""), e.getKey());
            assertFalse(EXPONENT.matcher(svg).find(), e.getKey() + " has a number in exponent notation");
            assertTrue(e.getValue().length < 200_000, e.getKey() + " is " + e.getValue().length + " bytes");
        }
    }

    @Test
    void confusionMatrixCellsAreShadedByTheirShareWithWhiteTextOnDarkCells() {
        // class 0 always right, class 1 always wrong: the (0,0) and (1,0) cells are darkest, the other two lightest
        int[] truth = {0, 0, 0, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0};
        Map<String, byte[]> plots = ClassifierPlots.draw(truth, predicted, null, null);
        assertEquals(List.of("confusion_matrix.svg"), List.copyOf(plots.keySet()), "no probabilities: only the matrix");
        SvgPlot matrix = SvgPlot.parse(plots.get("confusion_matrix.svg")).assertPlot("matrix", "0", "1", "(3)", "(0)");
        List<String> fills = attributes(matrix, "rect", "fill");
        String darkest = ClassifierPlots.hex(ClassifierPlots.blues(1.0)), lightest = ClassifierPlots.hex(ClassifierPlots.blues(0));
        assertEquals("#08306b", darkest);
        assertEquals("#f7fbff", lightest);
        assertEquals(2, fills.stream().filter(darkest::equals).count(), fills.toString());
        assertEquals(2, fills.stream().filter(lightest::equals).count(), fills.toString());
        assertTrue(fills.contains("url(#blues)"), "the colour bar");
        assertEquals(9, matrix.count("stop"), "the colour bar runs through Blues' nine anchors");
        List<String> white = new ArrayList<>(), black = new ArrayList<>();
        for (Element t : elements(matrix, "text")) {
            if (t.getTextContent().equals("1.00")) white.add(t.getAttribute("fill"));
            if (t.getTextContent().equals("0.00")) black.add(t.getAttribute("fill"));
        }
        assertEquals(List.of("#ffffff", "#ffffff"), white, "white text on the dark cells");
        assertEquals(List.of("", ""), black, "black (the default) on the light ones");
        assertEquals("#6baed6", ClassifierPlots.hex(ClassifierPlots.blues(0.5)), "Blues' middle anchor");
    }

    @Test
    void multiclassCurvesShowTheTenMostFrequentClassesWithShortenedNames() {
        int k = 12, n = 600;
        Random random = new Random(5);
        int[] truth = new int[n], predicted = new int[n];
        double[][] proba = new double[n][k];
        for (int i = 0; i < n; i++) {
            truth[i] = i % k;
            double sum = 0;
            for (int c = 0; c < k; c++) sum += proba[i][c] = random.nextDouble() + (c == truth[i] ? 1.5 : 0);
            for (int c = 0; c < k; c++) proba[i][c] /= sum;
            predicted[i] = random.nextInt(4) == 0 ? random.nextInt(k) : truth[i];
        }
        String[] labels = new String[k];
        for (int c = 0; c < k; c++) labels[c] = "a rather long class name " + c;
        Map<String, byte[]> plots = ClassifierPlots.draw(truth, predicted, proba, labels);
        assertEquals(3, plots.size());
        SvgPlot matrix = SvgPlot.parse(plots.get("confusion_matrix.svg")).assertPlot("matrix");
        assertEquals(k * k, attributes(matrix, "rect", "fill").stream().filter(f -> f.startsWith("#") && !f.equals("#ffffff"))
                .count(), "one cell per pair of classes");
        assertTrue(matrix.texts().stream().anyMatch(t -> t.startsWith("a rather") && t.endsWith("\u2026")),
                "long labels cut with an ellipsis: " + matrix.texts());
        for (String name : List.of("roc_curve.svg", "precision_recall_curve.svg")) {
            SvgPlot curves = SvgPlot.parse(plots.get(name)).assertPlot(name, "2 less frequent classes not drawn");
            assertEquals(ClassifierPlots.MAX_CURVES, curves.polylines().size(), name);
            assertTrue(curves.texts().stream().anyMatch(t -> t.startsWith("a rather long class\u2026 (")),
                    "legend names shortened to 20 characters: " + curves.texts());
        }
    }

    @Test
    void manyClassesSkipTheMatrixAndDrawTheMostFrequentCurves() throws Exception {
        int k = 150, n = 3000;
        int[] truth = new int[n], predicted = new int[n];
        double[][] proba = new double[n][k];
        for (int i = 0; i < n; i++) {
            truth[i] = i < 2000 ? i % 5 : i % k; // classes 0-4 are the frequent ones
            predicted[i] = i % 7 == 0 ? (truth[i] + 1) % k : truth[i];
            proba[i][predicted[i]] = 1;
        }
        List<String> warnings = Warnings.during(() -> {
            Map<String, byte[]> plots = ClassifierPlots.draw(truth, predicted, proba, null);
            assertEquals(List.of("roc_curve.svg", "precision_recall_curve.svg"), List.copyOf(plots.keySet()));
            SvgPlot roc = SvgPlot.parse(plots.get("roc_curve.svg")).assertPlot("ROC", "140 less frequent classes not drawn");
            assertEquals(10, roc.polylines().size());
            assertTrue(roc.texts().stream().anyMatch(t -> t.startsWith("54 (AUC = ")), roc.texts().toString());
        });
        assertEquals(1, warnings.stream().filter(w -> w.contains("confusion matrix plot skipped: 150 classes")).count(),
                warnings.toString());
        int[] drawn = ClassifierPlots.mostFrequent(truth, k, ClassifierPlots.MAX_CURVES);
        // 0-4 have ~400 samples each; of the rest, 50-149 have 7 and 0-49 had 6 more: ties go to the lower index
        assertEquals("[0, 1, 2, 3, 4, 50, 51, 52, 53, 54]", java.util.Arrays.toString(drawn));
        assertEquals("[1, 3]", java.util.Arrays.toString(ClassifierPlots.mostFrequent(new int[]{3, 1, 3, 1, 0}, 4, 2)));
    }

    @Test
    void userLabelsAreEscapedAndKeepTheDocumentWellFormed() {
        String[] labels = {"a<b & c>d", "say \"hi\" it's", "bell\u0007 and \uD800 lone", "\uD83D\uDE00 smile"};
        int[] truth = {0, 1, 2, 3, 0, 1, 2, 3};
        int[] predicted = {0, 1, 2, 3, 1, 1, 2, 0};
        double[][] proba = new double[truth.length][4];
        for (int i = 0; i < truth.length; i++) {
            proba[i][predicted[i]] = 0.7;
            for (int c = 0; c < 4; c++) if (c != predicted[i]) proba[i][c] = 0.1;
        }
        Map<String, byte[]> plots = ClassifierPlots.draw(truth, predicted, proba, labels);
        assertEquals(3, plots.size());
        List<String> matrixTexts = SvgPlot.parse(plots.get("confusion_matrix.svg")).assertPlot("matrix").texts();
        assertTrue(matrixTexts.contains("a<b & c>d"), matrixTexts.toString());
        assertTrue(matrixTexts.contains("say \"hi\" it's"), matrixTexts.toString());
        assertTrue(matrixTexts.contains("bell\uFFFD and \uFFFD lone"), "characters XML cannot hold: " + matrixTexts);
        assertTrue(matrixTexts.contains("\uD83D\uDE00 smile"), matrixTexts.toString());
        String raw = new String(plots.get("confusion_matrix.svg"), StandardCharsets.UTF_8);
        assertTrue(raw.contains("a&lt;b &amp; c&gt;d") && raw.contains("say &quot;hi&quot; it&#39;s"), raw);
        List<String> legend = SvgPlot.parse(plots.get("roc_curve.svg")).texts();
        assertTrue(legend.stream().anyMatch(t -> t.startsWith("a<b & c>d (AUC = ")), legend.toString());
        SvgPlot.parse(plots.get("precision_recall_curve.svg"));
    }

    @Test
    void emptyOrMismatchedInputDrawsNothingWithOneWarning() throws Exception {
        List<String> warnings = Warnings.during(() -> {
            assertTrue(ClassifierPlots.draw(new int[0], new int[0], null, null).isEmpty());
            assertTrue(ClassifierPlots.draw(new int[]{1}, new int[]{1, 0}, null, null).isEmpty());
            assertTrue(ClassifierPlots.draw(null, new int[]{1}, null, null).isEmpty());
        });
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("classifier plots skipped"), warnings.toString());
        List<String> negative = Warnings.during(() ->
                assertTrue(ClassifierPlots.draw(new int[]{-1, 0}, new int[]{0, 0}, null, null).isEmpty()));
        assertEquals(1, negative.size(), negative.toString());
    }

    @Test
    void undefinedCurvesAndBadProbabilitiesLeaveOnlyWhatCanBeDrawn() throws Exception {
        // a single class in truth: no ROC curve is defined, the confusion matrix and precision-recall still are
        Map<String, byte[]> plots = ClassifierPlots.draw(new int[]{1, 1}, new int[]{1, 0},
                new double[][]{{0.2, 0.8}, {0.6, 0.4}}, null);
        assertEquals(List.of("confusion_matrix.svg", "precision_recall_curve.svg"), List.copyOf(plots.keySet()));
        List<String> warnings = Warnings.during(() -> assertEquals(List.of("confusion_matrix.svg"),
                List.copyOf(ClassifierPlots.draw(new int[]{0, 1}, new int[]{0, 1}, new double[][]{{1}}, null).keySet())));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("probabilities need one row per label"), warnings.toString());
    }

    @Test
    void curvesKeepOnlyTheCornersOfTheirStepsAndEveryTurnBack() {
        // a ROC staircase in a 100 x 100 box (y grows downwards): the inner points of each step are not drawn
        double[] roc = ClassifierPlots.path(new double[] {0, 0, 0, 0.1, 0.2, 0.2, 1}, new double[] {0, 0.1, 0.2, 0.2, 0.2, 1, 1},
                0, 100, 0, 100, false);
        assertEquals(List.of(0.0, 100.0, 0.0, 80.0, 20.0, 80.0, 20.0, 0.0, 100.0, 0.0), boxed(roc));
        // precision-recall steps: precision falling then rising at the same recall keeps its lowest point
        double[] pr = ClassifierPlots.path(new double[] {0.1, 0.1, 0.1, 0.5}, new double[] {1, 0.4, 0.8, 0.8},
                0, 100, 0, 100, true);
        assertEquals(List.of(10.0, 0.0, 10.0, 60.0, 10.0, 20.0, 50.0, 20.0), boxed(pr));
    }

    private static List<Double> boxed(double[] xy) {
        List<Double> out = new ArrayList<>();
        for (double v : xy) out.add(v);
        return out;
    }

    @Test
    void numbersAreFixedPointWithoutLocaleOrExponent() {
        assertEquals("0.88", SvgCanvas.fixed(0.875, 2));
        assertEquals("0.00", SvgCanvas.fixed(1e-5, 2));
        assertEquals("0.00", SvgCanvas.fixed(-0.001, 2));
        assertEquals("-1.5", SvgCanvas.fixed(-1.5, 1));
        assertEquals("1234568", SvgCanvas.fixed(1234567.5, 0));
        assertEquals("100000000000000000000", SvgCanvas.fixed(1e20, 0));
        assertEquals("nan", SvgCanvas.fixed(Double.NaN, 2));
        assertEquals("a\u2026", SvgCanvas.shorten("abc", 2));
        assertEquals("\uD83D\uDE00\u2026", SvgCanvas.shorten("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2),
                "never cut inside a surrogate pair");
        assertEquals(7.2 * 3, SvgCanvas.textWidth("abc", 12), 1e-9);
        assertEquals("abcd\u2026", SvgCanvas.fit("abcdefghij", 36, 12), "five estimated characters of 7.2 units");
    }

    static List<Element> elements(SvgPlot plot, String localName) {
        return plot.elements(localName);
    }

    static List<String> attributes(SvgPlot plot, String localName, String attribute) {
        List<String> out = new ArrayList<>();
        for (Element e : plot.elements(localName)) out.add(e.getAttribute(attribute));
        return out;
    }
}
