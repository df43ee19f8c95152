package io.jmlflow.internal;

import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * MLflow 3's input rules ({@code mlflow/utils/validation.py}), checked before anything reaches a store. What MLflow
 * refuses is never renamed into another key: a logging call drops it with one warning naming the rule (Python
 * raises), a call that creates something ({@code createExperiment}, {@code registerModel}) throws
 * {@code INVALID_PARAMETER_VALUE}. Over-long param and tag values are truncated with a warning, as MLflow does by
 * default ({@code MLFLOW_TRUNCATE_LONG_VALUES}).
 */
public final class Validation {
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 20_000;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    public static final int MAX_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_ALIAS_LENGTH = 255;
    public static final int MAX_DATASET_NAME_LENGTH = 500;
    public static final int MAX_DATASET_DIGEST_LENGTH = 36;
    public static final int MAX_DATASET_SOURCE_LENGTH = 65_535;
    public static final int MAX_DATASET_SCHEMA_LENGTH = 1_048_575;
    public static final int MAX_DATASET_PROFILE_LENGTH = 16_777_215;
    public static final int MAX_INPUT_TAG_KEY_LENGTH = 255;
    public static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;

    /**
     * Python's {@code re.match(r"^[/\w.\- :]*$")} and {@code r"^[\w\-]*$"}: {@code \w} is Unicode-aware there. Compiled
     * only for names outside ASCII (every logged key is checked; an ASCII one by {@link #asciiKeyChars}).
     */
    private static final class Patterns {
        static final Pattern VALID_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
        static final Pattern VALID_ALIAS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
    }

    private static final String BAD_CHARACTERS = "MLflow names may only contain alphanumerics, underscores (_), "
            + "dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)";

    private Validation() {
    }

    /** True when MLflow would accept the key as it is. */
    public static boolean isValidKey(String key) {
        return keyProblem(key) == null;
    }

    /**
     * Why MLflow refuses {@code key} as a metric, param or tag name ({@code _validate_param_name},
     * {@code _validate_metric_name}, {@code _validate_tag_name} and the length limit), or null.
     */
    public static String keyProblem(String key) {
        if (key == null) return "a name is required";
        Boolean ascii = asciiKeyChars(key, "/. :");
        if (ascii != null ? !ascii : !Patterns.VALID_KEY.matcher(key).matches()) return BAD_CHARACTERS;
        String norm = normPath(key);
        if (!norm.equals(key) || norm.equals(".") || norm.startsWith("..") || norm.startsWith("/")) {
            return "MLflow names must not resolve to another name when treated as a file path (this one resolves to '"
                    + abbreviate(norm) + "')";
        }
        if (key.length() > MAX_KEY_LENGTH) return "longer than MLflow's limit of " + MAX_KEY_LENGTH + " characters";
        return null;
    }

    /**
     * For ASCII {@code s}: whether every character is a word character ({@code [A-Za-z0-9_]}, which Unicode's
     * {@code \w} matches in ASCII too), '-' or one of {@code others}; null when {@code s} has other characters.
     */
    private static Boolean asciiKeyChars(String s, String others) {
        boolean ok = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return null;
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || others.indexOf(c) >= 0)) ok = false;
        }
        return ok;
    }

    /** Python's {@code posixpath.normpath}. */
    static String normPath(String path) {
        if (path.isEmpty()) return ".";
        int initialSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : path.startsWith("/") ? 1 : 0;
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        for (String comp : path.split("/", -1)) {
            if (comp.isEmpty() || comp.equals(".")) continue;
            if (!comp.equals("..") || (initialSlashes == 0 && parts.isEmpty())
                    || (!parts.isEmpty() && parts.get(parts.size() - 1).equals(".."))) {
                parts.add(comp);
            } else if (!parts.isEmpty()) {
                parts.remove(parts.size() - 1);
            }
        }
        String joined = String.join("/", parts);
        String out = "/".repeat(initialSlashes) + joined;
        return out.isEmpty() ? "." : out;
    }

    /** True (after one warning per key and rule) when {@code key} may be logged as a {@code kind}. */
    private static boolean acceptKey(String kind, String key) {
        String problem = keyProblem(key);
        if (problem == null) return true;
        Log.warnOnce(kind + ":" + key + ":" + problem, kind + " '" + abbreviate(String.valueOf(key))
                + "' is not logged: " + problem);
        return false;
    }

    /** The metric to log, or null (warned) when MLflow would refuse it. NaN and infinities are kept, as MLflow does. */
    public static Metric metric(Metric m) {
        if (!acceptKey("metric", m.key())) return null;
        if (m.timestamp() < 0) {
            Log.warnOnce("metric-timestamp:" + m.key(), "metric '" + m.key() + "' is not logged at timestamp "
                    + m.timestamp() + ": MLflow timestamps must be nonnegative (milliseconds since the epoch)");
            return null;
        }
        double v = m.value();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            Log.warnOnce("metric-nonfinite:" + m.key(), "metric '" + m.key() + "' has the value " + v + " (step "
                    + m.step() + "); logged as is, MLflow shows it as " + (Double.isNaN(v) ? "NaN" : v > 0
                    ? "Infinity" : "-Infinity"));
        }
        return m;
    }

    /** The param to log (a null value is Python's {@code "None"}), or null (warned) when MLflow would refuse it. */
    public static Param param(Param p) {
        if (!acceptKey("param", p.key())) return null;
        String value = truncate("param", p.key(), p.value() == null ? "None" : p.value(), MAX_PARAM_VALUE_LENGTH);
        return value.equals(p.value()) ? p : new Param(p.key(), value);
    }

    /** The run tag to set (a null value is {@code "None"}), or null (warned) when MLflow would refuse it. */
    public static Tag tag(Tag t) {
        if (!acceptKey("tag", t.key())) return null;
        String value = truncate("tag", t.key(), t.value() == null ? "None" : t.value(), MAX_TAG_VALUE_LENGTH);
        return value.equals(t.value()) ? t : new Tag(t.key(), value);
    }

    /** The experiment tag to set, or null (warned): MLflow refuses values over 20000 characters, not cutting them. */
    public static Tag experimentTag(Tag t) {
        if (!acceptKey("experiment tag", t.key())) return null;
        String value = t.value() == null ? "None" : t.value();
        if (value.length() > MAX_EXPERIMENT_TAG_VALUE_LENGTH) {
            Log.warnOnce("experiment-tag-value:" + t.key(), "experiment tag '" + t.key()
                    + "' is not set: its value has " + value.length() + " characters, over MLflow's limit of "
                    + MAX_EXPERIMENT_TAG_VALUE_LENGTH);
            return null;
        }
        return value.equals(t.value()) ? t : new Tag(t.key(), value);
    }

    private static String truncate(String kind, String key, String value, int max) {
        if (value.length() <= max) return value;
        Log.warnOnce(kind + "-value:" + key, kind + " '" + key + "' value has " + value.length()
                + " characters; truncated to MLflow's limit of " + max);
        return value.substring(0, max);
    }

    /** Why MLflow refuses {@code name} for an experiment ({@code _validate_experiment_name}), or null. */
    public static String experimentNameProblem(String name) {
        if (name == null || name.isEmpty()) return "an experiment needs a name";
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            return "experiment names are at most " + MAX_EXPERIMENT_NAME_LENGTH + " characters (this one has "
                    + name.length() + ")";
        }
        return null;
    }

    /** Why MLflow refuses {@code name} for a registered model ({@code _validate_model_name}), or null. */
    public static String registeredModelNameProblem(String name) {
        if (name == null || name.isBlank()) return "a registered model needs a name";
        if (name.contains("/") || name.contains(":")) return "registered model names cannot contain '/' or ':'";
        String norm = normPath(name);
        if (!norm.equals(name) || norm.equals(".") || norm.startsWith("..")) {
            return "registered model names must not resolve to another name as a file path";
        }
        return null;
    }

    /** Why MLflow refuses {@code name} for a logged model ({@code _validate_logged_model_name}), or null. */
    public static String loggedModelNameProblem(String name) {
        if (name == null) return null; // MLflow picks one
        if (name.isEmpty()) return "a logged model's name must not be empty";
        for (char c : new char[] {'/', ':', '.', '%', '"', '\''}) {
            if (name.indexOf(c) >= 0) return "logged model names cannot contain / : . % \" or '";
        }
        return null;
    }

    /** Why MLflow refuses {@code alias} for a model version ({@code _validate_model_alias_name}), or null. */
    public static String aliasProblem(String alias) {
        if (alias == null || alias.isEmpty()) return "an alias must not be empty";
        Boolean ascii = asciiKeyChars(alias, "");
        if (ascii != null ? !ascii : !Patterns.VALID_ALIAS.matcher(alias).matches()) {
            return "alias names may only contain alphanumerics, underscores (_) and dashes (-)";
        }
        if (alias.length() > MAX_ALIAS_LENGTH) return "aliases are at most " + MAX_ALIAS_LENGTH + " characters";
        if (alias.equalsIgnoreCase("latest")) return "the alias 'latest' is reserved";
        if (alias.matches("[vV]\\d+")) return "version aliases such as '" + alias + "' are reserved";
        return null;
    }

    /** Why MLflow refuses a dataset input ({@code _validate_dataset}, {@code _validate_input_tag}), or null. */
    public static String datasetInputProblem(DatasetInput input) {
        io.jmlflow.entities.Dataset d = input.dataset();
        String field = tooLong("name", d.name(), MAX_DATASET_NAME_LENGTH);
        if (field == null) field = tooLong("digest", d.digest(), MAX_DATASET_DIGEST_LENGTH);
        if (field == null) field = tooLong("source", d.source(), MAX_DATASET_SOURCE_LENGTH);
        if (field == null) field = tooLong("schema", d.schema(), MAX_DATASET_SCHEMA_LENGTH);
        if (field == null) field = tooLong("profile", d.profile(), MAX_DATASET_PROFILE_LENGTH);
        if (field != null) return "the dataset's " + field;
        if (input.tags() != null) {
            for (Map.Entry<String, String> t : input.tags().entrySet()) {
                field = tooLong("key", t.getKey(), MAX_INPUT_TAG_KEY_LENGTH);
                if (field == null) field = tooLong("value", t.getValue(), MAX_INPUT_TAG_VALUE_LENGTH);
                if (field != null) return "the input tag " + field;
            }
        }
        return null;
    }

    private static String tooLong(String field, String value, int max) {
        return value != null && value.length() > max ? field + " is longer than MLflow's limit of " + max
                + " characters" : null;
    }

    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
