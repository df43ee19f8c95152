package io.jmlflow.internal.autolog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An SVG chart under construction, as the autolog plots draw it: in layout units (its {@code viewBox}), shown at a
 * fixed size in pixels, with matplotlib's colours (its default colour cycle, a light grid, dark axes). Text is laid
 * out by the viewer (the MLflow UI's browser); where a plot must know how wide a text is, it uses an estimate
 * ({@link #textWidth}). Every text is escaped: class labels and feature names are user data.
 */
final class SvgCanvas {
    /** matplotlib's default colour cycle ("tab10"). */
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf"};
    static final String BLACK = "#000000";
    static final String WHITE = "#ffffff";
    static final String GRID = "#e6e6e6";
    static final String AXES = "#404040";
    static final String GRAY = "#808080";
    static final String LIGHT_GRAY = "#c0c0c0";
    /** The estimated width of a character, in ems: about DejaVu Sans's average, a little more than Arial's. */
    static final double CHAR_WIDTH_EM = 0.6;
    /** Text alignments at the anchor point. */
    static final int START = -1, MIDDLE = 0, END = 1;

    private final StringBuilder svg = new StringBuilder(16 * 1024);
    /** Room for one number of {@link #number(double, int, int)}: sign, 13 digits, point, 2 decimals, 2 separators. */
    private final char[] digits = new char[24];
    private final double layoutWidth;

    /** A white canvas of {@code width x height} pixels, drawn in units {@code scale} pixels large. */
    SvgCanvas(int width, int height, double scale) {
        layoutWidth = width / scale;
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ");
        number(layoutWidth).append(' ');
        number(height / scale).append("\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    }

    /** The document, UTF-8 encoded; the canvas is closed and must not be drawn on any more. */
    byte[] toBytes() {
        svg.append("</svg>\n");
        return svg.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The plot's title: bold, centered at the top. */
    void title(String s) {
        svg.append("<text font-weight=\"bold\"");
        textAttributes(s, layoutWidth / 2, 28, 16, MIDDLE, BLACK);
    }

    void text(String s, double x, double y, double size, int align, String fill) {
        svg.append("<text");
        textAttributes(s, x, y, size, align, fill);
    }

    /** Text turned by {@code degrees} (clockwise; -90 reads upwards) around its anchor point. */
    void rotatedText(String s, double x, double y, double size, int align, int degrees) {
        svg.append("<text transform=\"rotate(").append(degrees).append(' ');
        number(x).append(' ');
        number(y).append(")\"");
        textAttributes(s, x, y, size, align, BLACK);
    }

    private void textAttributes(String s, double x, double y, double size, int align, String fill) {
        svg.append(" x=\"");
        number(x).append("\" y=\"");
        number(y).append("\" font-size=\"");
        number(size).append('"');
        if (align != START) svg.append(" text-anchor=\"").append(align == MIDDLE ? "middle" : "end").append('"');
        if (!BLACK.equals(fill)) svg.append(" fill=\"").append(fill).append('"');
        svg.append('>');
        XmlText.append(svg, s);
        svg.append("</text>\n");
    }

    /** A filled rectangle; {@code fill} is a colour or a paint such as {@code url(#id)}. */
    void rect(double x, double y, double w, double h, String fill) {
        rect(x, y, w, h).append(" fill=\"").append(fill).append("\"/>\n");
    }

    /** A rectangle's outline, one unit wide. */
    void frame(double x, double y, double w, double h, String stroke) {
        rect(x, y, w, h).append(" fill=\"none\" stroke=\"").append(stroke).append("\"/>\n");
    }

    /** A legend's box: white, slightly see-through, outlined. */
    void box(double x, double y, double w, double h, String stroke) {
        rect(x, y, w, h).append(" fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"").append(stroke).append("\"/>\n");
    }

    private StringBuilder rect(double x, double y, double w, double h) {
        svg.append("<rect x=\"");
        number(x).append("\" y=\"");
        number(y).append("\" width=\"");
        number(Math.max(0, w)).append("\" height=\"");
        return number(Math.max(0, h)).append('"');
    }

    void line(double x1, double y1, double x2, double y2, String stroke, double width) {
        line(x1, y1, x2, y2, stroke).append(" stroke-width=\"");
        number(width).append("\"/>\n");
    }

    /** A line of dashes {@code dash} units long, {@code gap} apart. */
    void dashedLine(double x1, double y1, double x2, double y2, String stroke, double dash, double gap) {
        line(x1, y1, x2, y2, stroke).append(" stroke-dasharray=\"");
        number(dash).append(' ');
        number(gap).append("\"/>\n");
    }

    private StringBuilder line(double x1, double y1, double x2, double y2, String stroke) {
        svg.append("<line x1=\"");
        number(x1).append("\" y1=\"");
        number(y1).append("\" x2=\"");
        number(x2).append("\" y2=\"");
        number(y2).append("\" stroke=\"").append(stroke).append('"');
        return svg;
    }

    /** A line with round joins through the first {@code points} points of {@code xy} (x0, y0, x1, y1, ...). */
    void polyline(double[] xy, int points, String stroke, double width) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"");
        number(width).append("\" stroke-linecap=\"round\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < points; i++) {
            number(xy[2 * i], i > 0 ? ' ' : 0, ',');
            number(xy[2 * i + 1], 0, 0);
        }
        svg.append("\"/>\n");
    }

    /** A top-to-bottom gradient through equally spaced {@code colors}, for {@code fill="url(#id)"}. */
    void verticalGradient(String id, String[] colors) {
        svg.append("<defs><linearGradient id=\"").append(id).append("\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\n");
        for (int i = 0; i < colors.length; i++) {
            svg.append("<stop offset=\"");
            number(colors.length == 1 ? 0 : (double) i / (colors.length - 1)).append("\" stop-color=\"")
                    .append(colors[i]).append("\"/>\n");
        }
        svg.append("</linearGradient></defs>\n");
    }

    /** Starts a group of shapes whose edges are drawn crisp: adjacent cells show no seams between them. */
    void beginCrispGroup() {
        svg.append("<g shape-rendering=\"crispEdges\">\n");
    }

    void endGroup() {
        svg.append("</g>\n");
    }

    /** Appends v with at most two decimals, without trailing zeros or an exponent: layout units are that fine. */
    private StringBuilder number(double v) {
        return number(v, 0, 0);
    }

    /**
     * {@code before}, {@code v} as {@link #number(double)} writes it and {@code after} (a 0 is left out), in one append:
     * curves are thousands of numbers, and each append a call that counts towards the JIT compiling the JDK's
     * {@code StringBuilder} code in a JVM about to exit.
     */
    private StringBuilder number(double v, int before, int after) {
        int end = appendTwoDecimals(digits, v, before, after);
        if (end < 0) {
            if (before != 0) svg.append((char) before);
            appendFixed(svg, v, 2, true);
            return after != 0 ? svg.append((char) after) : svg;
        }
        return svg.append(digits, end, digits.length - end);
    }

    /**
     * Writes {@code before}, {@code v} with at most two decimals (rounded half up, trailing zeros dropped, as
     * {@code appendFixed(b, v, 2, true)}) and {@code after} at the end of {@code buf} (0s are left out); returns where
     * it starts, or -1 for NaN, infinities and magnitudes past 1e13 (left to {@code appendFixed}).
     */
    static int appendTwoDecimals(char[] buf, double v, int before, int after) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) * 100 >= 1e15) return -1;
        long scaled = Math.round(Math.abs(v) * 100);
        int p = buf.length;
        if (after != 0) buf[--p] = (char) after;
        int fraction = (int) (scaled % 100);
        if (fraction != 0) {
            if (fraction % 10 != 0) buf[--p] = (char) ('0' + fraction % 10);
            buf[--p] = (char) ('0' + fraction / 10);
            buf[--p] = '.';
        }
        long whole = scaled / 100;
        do {
            buf[--p] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        if (v < 0 && scaled != 0) buf[--p] = '-';
        if (before != 0) buf[--p] = (char) before;
        return p;
    }

    // ------------------------------------------------------------------ text helpers

    /** The estimated width of {@code s} at font size {@code size} ({@value #CHAR_WIDTH_EM} em per character). */
    static double textWidth(String s, double size) {
        return s.codePointCount(0, s.length()) * size * CHAR_WIDTH_EM;
    }

    /** {@code s}, cut with an ellipsis to an estimated {@code maxWidth} at font size {@code size}. */
    static String fit(String s, double maxWidth, double size) {
        if (textWidth(s, size) <= maxWidth) return s;
        return shorten(s, Math.max(1, (int) (maxWidth / (size * CHAR_WIDTH_EM))));
    }

    /** {@code s}, cut with an ellipsis to at most {@code max} characters (never inside a surrogate pair). */
    static String shorten(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, Math.max(0, max - 1))) + "\u2026";
    }

    /** {@code v} with {@code decimals} decimals, rounded half up, never in exponent notation; NaN as "nan". */
    static String fixed(double v, int decimals) {
        return appendFixed(new StringBuilder(8), v, decimals, false).toString();
    }

    static StringBuilder appendFixed(StringBuilder b, double v, int decimals, boolean trimZeros) {
        if (Double.isNaN(v)) return b.append(trimZeros ? "0" : "nan");
        if (Double.isInfinite(v)) return b.append(trimZeros ? "0" : v > 0 ? "inf" : "-inf");
        long unit = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : (long) Math.pow(10, decimals);
        if (Math.abs(v) * unit >= 1e15) {
            BigDecimal d = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP);
            return b.append((trimZeros ? d.stripTrailingZeros() : d).toPlainString());
        }
        long scaled = Math.round(Math.abs(v) * unit);
        if (v < 0 && scaled != 0) b.append('-');
        b.append(scaled / unit);
        long fraction = scaled % unit;
        if (decimals == 0 || trimZeros && fraction == 0) return b;
        char[] digits = new char[decimals];
        Arrays.fill(digits, '0');
        for (int i = decimals - 1; i >= 0 && fraction > 0; i--, fraction /= 10) digits[i] = (char) ('0' + fraction % 10);
        int end = decimals;
        if (trimZeros) while (digits[end - 1] == '0') end--;
        return b.append('.').append(digits, 0, end);
    }
}
