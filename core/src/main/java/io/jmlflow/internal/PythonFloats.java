package io.jmlflow.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles written and read the way Python's {@code str(float)} and {@code float(str)} do: MLflow's file store writes
 * metric values with an f-string, and Python writes float params so ({@code 0.5}, {@code 3.0}, {@code 0.0001},
 * {@code 1e-05}, {@code 1e+16}, {@code nan}, {@code inf}, {@code -inf}).
 */
public final class PythonFloats {
    private PythonFloats() {
    }

    /** Appends Python's {@code repr} of {@code v} to {@code out}. */
    public static void append(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            out.append("nan");
            return;
        }
        if (Double.isInfinite(v)) {
            out.append(v > 0 ? "inf" : "-inf");
            return;
        }
        if (v == 0) {
            out.append((Double.doubleToRawLongBits(v) < 0) ? "-0.0" : "0.0");
            return;
        }
        if (v < 0) out.append('-');
        // Python prints whole numbers below 1e16 as "<digits>.0"; this is the common case for counters.
        double a = Math.abs(v);
        if (a < 1e15 && a == Math.rint(a)) {
            out.append((long) a).append(".0");
            return;
        }
        String s = Double.toString(a);
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
        int dot = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(mantissa.length());
        digits.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int decpt = dot + exp10; // value = 0.<digits> * 10^decpt
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        digits.delete(0, lead);
        decpt -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') end--;
        digits.setLength(end);
        if (digits.length() > 1 && hasShorter(digits, decpt, a)) {
            // Java 17's Double.toString is not always the shortest (JDK-4511638): 1e23 comes out as
            // 9.999999999999999E22. Rare; then find Python's answer exactly.
            BigDecimal exact = new BigDecimal(a);
            for (int p = 1; p < digits.length(); p++) {
                BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
                if (r.doubleValue() == a) {
                    String u = r.unscaledValue().toString();
                    decpt = u.length() - r.scale();
                    int e2 = u.length();
                    while (e2 > 1 && u.charAt(e2 - 1) == '0') e2--;
                    digits.setLength(0);
                    digits.append(u, 0, e2);
                    break;
                }
            }
        }
        format(out, digits, decpt);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Whether a decimal with one digit fewer than {@code digits} (rounded down or up) still reads back as {@code a}. */
    private static boolean hasShorter(StringBuilder digits, int decpt, double a) {
        int n = digits.length() - 1;
        long t = 0;
        for (int i = 0; i < n; i++) t = t * 10 + (digits.charAt(i) - '0');
        int e = decpt - n; // candidate = t * 10^e
        return readsBackAs(t, e, a) || readsBackAs(t + 1, e, a);
    }

    private static boolean readsBackAs(long t, int e, double a) {
        // Clinger's fast path: both factors exact doubles, one correctly rounded operation.
        if (t < (1L << 53) && e >= -22 && e <= 22) return (e >= 0 ? t * POW10[e] : t / POW10[-e]) == a;
        return Double.parseDouble(t + "E" + e) == a;
    }

    /** Python's repr rule: fixed notation when -4 &lt; decpt &lt;= 16, else exponent notation. */
    private static void format(StringBuilder out, CharSequence digits, int decpt) {
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.");
                for (int i = 0; i < -decpt; i++) out.append('0');
                out.append(digits);
            } else if (decpt < n) {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
            } else {
                out.append(digits);
                for (int i = n; i < decpt; i++) out.append('0');
                out.append(".0");
            }
            return;
        }
        out.append(digits.charAt(0));
        if (n > 1) out.append('.').append(digits, 1, n);
        int exp = decpt - 1;
        out.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) out.append('0');
        out.append(abs);
    }

    public static String toString(double v) {
        StringBuilder b = new StringBuilder(24);
        append(b, v);
        return b.toString();
    }

    /** Parses what Python's {@code float()} accepts in metric files, including nan, inf and infinity. */
    public static double parse(String s) {
        String t = s.trim();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": case "+nan": case "-nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(t.replace("_", ""));
        }
    }
}
