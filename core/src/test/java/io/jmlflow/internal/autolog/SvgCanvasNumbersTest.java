package io.jmlflow.internal.autolog;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-append number writer of curves writes exactly what the general one does. */
class SvgCanvasNumbersTest {
    @Test
    void twoDecimalNumbersAreWrittenAsAppendFixedWritesThem() {
        double[] edges = {0, -0.0, 0.004, 0.005, -0.005, 0.015, 0.05, 0.5, 0.995, 1, -1, 9.999, 12.3, 100.10, 1e12 + 0.25,
                9.99e12, -9.99e12, 9.99999999e12, 123456.785, Double.MIN_VALUE, -Double.MIN_VALUE};
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000 + edges.length; i++) {
            double v = i < edges.length ? edges[i]
                    : i % 3 == 0 ? random.nextDouble(-1200, 1200) : i % 3 == 1 ? random.nextInt(-5000, 5000) / 100.0
                    : random.nextDouble() * Math.pow(10, random.nextInt(14));
            String expected = SvgCanvas.appendFixed(new StringBuilder(), v, 2, true).toString();
            char[] buf = new char[24];
            int start = SvgCanvas.appendTwoDecimals(buf, v, ' ', ',');
            assertEquals(" " + expected + ",", new String(buf, start, buf.length - start), "for " + v);
            start = SvgCanvas.appendTwoDecimals(buf, v, 0, 0);
            assertEquals(expected, new String(buf, start, buf.length - start), "for " + v);
        }
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e13, 1e14, -2e15}) {
            assertEquals(-1, SvgCanvas.appendTwoDecimals(new char[24], v, 0, 0), "left to appendFixed: " + v);
        }
    }
}
