package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small self-contained HTML page describing the model (class, params, metrics): artifact "estimator.html", as
 * MLflow's sklearn autolog logs one. Params and metrics are listed sorted by key; metric values with 6
 * significant digits. No scripts, no external resources.
 */
public final class ModelSummaryHtml {
    /** The artifact name MLflow uses. */
    public static final String ARTIFACT = "estimator.html";

    private ModelSummaryHtml() {
    }

    /** The page (null maps are empty). */
    public static String render(String modelClass, Map<String, String> params, Map<String, Double> metrics) {
        String cls = modelClass == null || modelClass.isBlank() ? "model" : modelClass;
        int dot = cls.lastIndexOf('.');
        String simple = dot >= 0 && dot < cls.length() - 1 ? cls.substring(dot + 1) : cls;
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(XmlText.escape(simple)).append("</title>\n<style>\n")
                .append("body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:16px;color:#222}\n")
                .append("h1{font-size:18px;margin:0 0 2px}\n.cls{color:#666;font-family:monospace;margin-bottom:12px}\n")
                .append("h2{font-size:14px;margin:14px 0 4px}\n")
                .append("table{border-collapse:collapse;font-size:13px}\n")
                .append("td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f3f5f7}\ntd.v{font-family:monospace;word-break:break-all}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(XmlText.escape(simple)).append("</h1>\n<div class=\"cls\">")
                .append(XmlText.escape(cls)).append("</div>\n");
        section(sb, "Parameters", params == null ? Map.of() : sorted(params), false);
        section(sb, "Metrics", metrics == null ? Map.of() : sorted(metrics), true);
        return sb.append("</body>\n</html>\n").toString();
    }

    /** Renders the page and logs it as the run artifact {@code estimator.html}. Never throws. */
    public static void logTo(ActiveRun run, String modelClass, Map<String, String> params, Map<String, Double> metrics) {
        try {
            if (run == null) return;
            run.logArtifact(ARTIFACT, render(modelClass, params, metrics).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            Log.warnOnce("kit-summary-html", "could not log " + ARTIFACT + ": " + e);
        }
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        Map<String, V> out = new TreeMap<>();
        for (Map.Entry<String, V> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }

    private static void section(StringBuilder sb, String title, Map<String, ?> rows, boolean numbers) {
        sb.append("<h2>").append(title).append("</h2>\n");
        if (rows.isEmpty()) {
            sb.append("<p>none</p>\n");
            return;
        }
        sb.append("<table>\n<tr><th>name</th><th>value</th></tr>\n");
        for (Map.Entry<String, ?> e : rows.entrySet()) {
            Object v = e.getValue();
            String text = numbers && v instanceof Double d ? format(d) : String.valueOf(v);
            sb.append("<tr><td>").append(XmlText.escape(e.getKey())).append("</td><td class=\"v\">").append(XmlText.escape(text))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a < 1e-4 || a >= 1e12) return String.format(java.util.Locale.ROOT, "%.6g", v);
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
