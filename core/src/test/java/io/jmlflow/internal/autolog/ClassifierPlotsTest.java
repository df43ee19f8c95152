package io.jmlflow.internal.autolog;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plots are PNGs that decode, have the documented size and show what they are about. */
class ClassifierPlotsTest {

    @Test
    void binaryPlotsAreThreeDecodablePngs() throws IOException {
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
        Map<String, byte[]> pngs = ClassifierPlots.draw(truth, predicted, proba, new String[]{"no", "yes"});
        assertEquals(List.of("confusion_matrix.png", "roc_curve.png", "precision_recall_curve.png"), List.copyOf(pngs.keySet()));
        for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
            BufferedImage img = decode(e.getValue());
            assertEquals(ClassifierPlots.WIDTH, img.getWidth(), e.getKey());
            assertEquals(ClassifierPlots.HEIGHT, img.getHeight(), e.getKey());
            assertTrue(e.getValue().length < 200_000, e.getKey() + " is " + e.getValue().length + " bytes");
            assertTrue(distinctColors(img) > 10, e.getKey() + " has content");
        }
    }

    @Test
    void confusionMatrixCellsAreShadedByTheirShare() throws IOException {
        // class 0 always right, class 1 always wrong: the (0,0) cell is darkest, the (1,1) cell white
        int[] truth = {0, 0, 0, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0};
        Map<String, byte[]> pngs = ClassifierPlots.draw(truth, predicted, null, null);
        assertEquals(List.of("confusion_matrix.png"), List.copyOf(pngs.keySet()));
        BufferedImage img = decode(pngs.get("confusion_matrix.png"));
        // sample near each cell's corner (off the value text)
        int[] box = ClassifierPlots.Painter.matrixBox(); // in layout units, drawn SCALE times larger
        double s = ClassifierPlots.SCALE;
        int x0 = (int) Math.round(box[0] * s), y0 = (int) Math.round(box[1] * s), half = (int) Math.round(box[2] * s / 2);
        Color darkest = new Color(img.getRGB(x0 + 6, y0 + 6));
        Color empty = new Color(img.getRGB(x0 + half + 6, y0 + half + 6));
        Color wrong = new Color(img.getRGB(x0 + 6, y0 + half + 6));
        assertEquals(ClassifierPlots.Painter.blues(1.0), darkest);
        assertEquals(ClassifierPlots.Painter.blues(0.0), empty);
        assertEquals(ClassifierPlots.Painter.blues(1.0), wrong, "all of class 1 predicted as 0");
    }

    @Test
    void multiclassCurvesAndManyClassesAreDrawn() throws IOException {
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
        Map<String, byte[]> pngs = ClassifierPlots.draw(truth, predicted, proba, labels);
        assertEquals(3, pngs.size());
        for (byte[] png : pngs.values()) assertEquals(ClassifierPlots.WIDTH, decode(png).getWidth());
    }

    @Test
    void manyClassesSkipTheMatrixAndDrawTheMostFrequentCurves() throws IOException {
        int k = 150, n = 3000;
        int[] truth = new int[n], predicted = new int[n];
        double[][] proba = new double[n][k];
        for (int i = 0; i < n; i++) {
            truth[i] = i < 2000 ? i % 5 : i % k; // classes 0-4 are the frequent ones
            predicted[i] = i % 7 == 0 ? (truth[i] + 1) % k : truth[i];
            proba[i][predicted[i]] = 1;
        }
        Map<String, byte[]> pngs = ClassifierPlots.draw(truth, predicted, proba, null);
        assertEquals(List.of("roc_curve.png", "precision_recall_curve.png"), List.copyOf(pngs.keySet()));
        int[] drawn = ClassifierPlots.Painter.mostFrequent(truth, k, ClassifierPlots.MAX_CURVES);
        // 0-4 have ~400 samples each; of the rest, 50-149 have 7 and 0-49 had 6 more: ties go to the lower index
        assertEquals("[0, 1, 2, 3, 4, 50, 51, 52, 53, 54]", java.util.Arrays.toString(drawn));
        assertEquals("[1, 3]", java.util.Arrays.toString(ClassifierPlots.Painter.mostFrequent(new int[]{3, 1, 3, 1, 0}, 4, 2)));
    }

    @Test
    void withoutFontsThePlotsAreDrawnWithoutText() throws IOException {
        ClassifierPlots.Painter.textBroken = true; // what a JVM without fonts ends up with after its first failure
        try {
            Map<String, byte[]> pngs = ClassifierPlots.draw(new int[]{0, 1, 1, 0}, new int[]{0, 1, 0, 0},
                    KitMetricsTest.binary(new double[]{0.1, 0.8, 0.4, 0.3}), null);
            assertEquals(3, pngs.size());
            for (byte[] png : pngs.values()) assertTrue(distinctColors(decode(png)) > 2);
        } finally {
            ClassifierPlots.Painter.textBroken = false;
        }
    }

    @Test
    void undefinedCurvesAndBadInputAreLeftOutQuietly() {
        // a single class in truth: no ROC or PR curve is defined, the confusion matrix still is
        Map<String, byte[]> pngs = ClassifierPlots.draw(new int[]{1, 1}, new int[]{1, 0},
                new double[][]{{0.2, 0.8}, {0.6, 0.4}}, null);
        assertEquals(List.of("confusion_matrix.png", "precision_recall_curve.png"), List.copyOf(pngs.keySet()));
        assertTrue(ClassifierPlots.draw(new int[]{1}, new int[]{1, 0}, null, null).isEmpty());
        assertEquals(List.of("confusion_matrix.png"), List.copyOf(ClassifierPlots.draw(new int[]{0, 1}, new int[]{0, 1},
                new double[][]{{1}}, null).keySet()));
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "not a readable image");
        return img;
    }

    static int distinctColors(BufferedImage img) {
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colors.add(img.getRGB(x, y));
        return colors.size();
    }
}
