package io.jmlflow.internal;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;

import java.util.regex.Pattern;

/**
 * MLflow's limits and key rules ({@code mlflow/utils/validation.py}), applied so that bad input never throws:
 * illegal characters become '_', over-long keys and values are truncated, each with a one-line warning.
 */
public final class Validation {
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

    private static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ILLEGAL_CHAR = Pattern.compile("[^/\\w.\\- :]", Pattern.UNICODE_CHARACTER_CLASS);

    private Validation() {
    }

    /** True when MLflow would accept the key as it is. */
    public static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && VALID_KEY.matcher(key).matches()
                && isSafePath(key);
    }

    private static boolean isSafePath(String key) {
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) return false;
        for (String part : key.split("/")) {
            if (part.equals(".") || part.equals("..")) return false;
        }
        return true;
    }

    /**
     * The key to log for {@code key}, or null to skip the entry. {@code kind} is "metric", "param" or "tag".
     */
    public static String sanitizeKey(String kind, String key) {
        if (key == null || key.isBlank()) {
            Log.warnOnce(kind + ":empty", "skipped a " + kind + " with an empty key");
            return null;
        }
        if (isValidKey(key)) return key;
        String fixed = ILLEGAL_CHAR.matcher(key).replaceAll("_");
        // Path-like keys become directories in the file store: forbid escaping components.
        StringBuilder b = new StringBuilder();
        for (String part : fixed.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) continue;
            if (b.length() > 0) b.append('/');
            b.append(part);
        }
        fixed = b.toString();
        if (fixed.length() > MAX_KEY_LENGTH) fixed = fixed.substring(0, MAX_KEY_LENGTH);
        if (fixed.isEmpty()) {
            Log.warnOnce(kind + ":" + key, "skipped " + kind + " '" + abbreviate(key) + "': no usable characters in the key");
            return null;
        }
        String why = key.length() > MAX_KEY_LENGTH ? "longer than " + MAX_KEY_LENGTH + " characters"
                : "MLflow keys may contain only letters, digits, '_', '-', '.', ' ', ':' and '/'";
        Log.warnOnce(kind + ":" + key, kind + " key '" + abbreviate(key) + "' is invalid (" + why + "); logged as '"
                + abbreviate(fixed) + "'");
        return fixed;
    }

    public static Metric metric(Metric m) {
        String key = sanitizeKey("metric", m.key());
        if (key == null) return null;
        double v = m.value();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            Log.warnOnce("metric-nonfinite:" + key, "metric '" + key + "' has the value " + v + " (step " + m.step()
                    + "); logged as is, MLflow shows it as " + (Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"));
        }
        return key.equals(m.key()) ? m : new Metric(key, v, m.timestamp(), m.step());
    }

    public static Param param(Param p) {
        String key = sanitizeKey("param", p.key());
        if (key == null) return null;
        String value = truncate("param", key, p.value() == null ? "None" : p.value(), MAX_PARAM_VALUE_LENGTH);
        return key.equals(p.key()) && value.equals(p.value()) ? p : new Param(key, value);
    }

    public static Tag tag(Tag t) {
        String key = sanitizeKey("tag", t.key());
        if (key == null) return null;
        String value = truncate("tag", key, t.value() == null ? "" : t.value(), MAX_TAG_VALUE_LENGTH);
        return key.equals(t.key()) && value.equals(t.value()) ? t : new Tag(key, value);
    }

    private static String truncate(String kind, String key, String value, int max) {
        if (value.length() <= max) return value;
        Log.warnOnce(kind + "-value:" + key, kind + " '" + key + "' value has " + value.length()
                + " characters; truncated to MLflow's limit of " + max);
        return value.substring(0, max);
    }

    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
