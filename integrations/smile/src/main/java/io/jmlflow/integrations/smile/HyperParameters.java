package io.jmlflow.integrations.smile;

import io.jmlflow.internal.ParamValues;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Turns the arguments of a Smile training call into MLflow params: numbers, strings, booleans and enums under
 * their parameter names ({@code ntrees}, {@code maxDepth}, {@code rule}); 6.x {@code Options} records through
 * their {@code toProperties()} (which includes Smile's defaults) and {@code Properties} arguments by their keys
 * without the {@code smile.<algorithm>.} prefix ({@code smile.random_forest.trees} becomes {@code trees}); the
 * formula as text; small arrays (class weights) as text. Data (data frames, row arrays, label arrays) and
 * functions are left out.
 */
final class HyperParameters {
    /** MLflow keeps up to 6,000 characters; a hyperparameter longer than this is not worth a param. */
    static final int MAX_VALUE_LENGTH = 500;
    private static final int MAX_ARRAY_LENGTH = 32;

    private HyperParameters() {
    }

    /**
     * The params of one call: {@code names[i]} for {@code args[i]}. Arrays as long as the training set
     * ({@code rows}) are data, not hyperparameters.
     */
    static Map<String, String> of(String[] names, Object[] args, int rows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            add(out, i < names.length ? names[i] : "arg" + i, args[i], rows);
        }
        return out;
    }

    /**
     * The arguments as {@link #of} will read them later, on another thread: the ones a caller may change once the
     * call returned ({@code Properties}, small arrays) copied, the rest as they are.
     */
    static Object[] snapshot(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            Object v = out[i];
            if (v instanceof Properties) {
                Properties copy = new Properties();
                for (String key : ((Properties) v).stringPropertyNames()) {
                    copy.setProperty(key, ((Properties) v).getProperty(key));
                }
                out[i] = copy;
            } else if (v != null && v.getClass().isArray() && !(v instanceof Object[])
                    && java.lang.reflect.Array.getLength(v) <= MAX_ARRAY_LENGTH) {
                out[i] = copyOfPrimitiveArray(v);
            } else if (v instanceof String[] && ((String[]) v).length <= MAX_ARRAY_LENGTH) {
                out[i] = ((String[]) v).clone();
            }
        }
        return out;
    }

    private static Object copyOfPrimitiveArray(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object copy = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    private static void add(Map<String, String> out, String name, Object v, int rows) {
        if (v == null) return;
        if (v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof CharSequence) {
            put(out, name, ParamValues.text(v));
        } else if (v instanceof Enum) {
            put(out, name, ((Enum<?>) v).name());
        } else if (v instanceof Properties) {
            properties(out, (Properties) v);
        } else if (v.getClass().isRecord() && Reflect.publicMethod(v.getClass(), "toProperties") != null) {
            Object props = Reflect.read(v, "toProperties");
            if (props instanceof Properties) properties(out, (Properties) props);
        } else if (v.getClass().isArray()) {
            String text = smallArray(v, rows);
            if (text != null) put(out, name, text);
        } else if (Reflect.isA(v, "smile.data.formula.Formula")) {
            put(out, "formula", String.valueOf(v));
        } else if (describable(v)) {
            put(out, name, String.valueOf(v));
        }
    }

    /** Smile's Properties keys without the {@code smile.<algorithm>.} prefix, in key order. */
    static void properties(Map<String, String> out, Properties props) {
        Map<String, String> sorted = new TreeMap<>();
        for (String key : props.stringPropertyNames()) sorted.put(shortKey(key), props.getProperty(key));
        sorted.forEach((k, v) -> put(out, k, ParamValues.number(v))); // Smile writes doubles as Java does: 1.0E-4
    }

    static String shortKey(String key) {
        if (!key.startsWith("smile.")) return key;
        int second = key.indexOf('.', "smile.".length());
        return second > 0 && second < key.length() - 1 ? key.substring(second + 1) : key;
    }

    private static String smallArray(Object array, int rows) {
        int length = java.lang.reflect.Array.getLength(array);
        if (length > MAX_ARRAY_LENGTH || length == rows) return null;
        if (array instanceof int[] || array instanceof double[] || array instanceof long[] || array instanceof float[]
                || array instanceof String[]) {
            return ParamValues.text(array);
        }
        return null;
    }

    /**
     * Library objects with a text of their own (a kernel {@code GaussianKernel(1.0)}, a loss, a distance): their
     * {@code toString()}. Data sets, matrices, streams and lambdas are not.
     */
    private static boolean describable(Object v) {
        Class<?> c = v.getClass();
        String n = c.getName();
        if (!n.startsWith("smile.") || c.isSynthetic() || c.isHidden() || n.contains("$$Lambda")) return false;
        for (String data : new String[] {"smile.data.DataFrame", "smile.data.Dataset", "smile.data.SparseDataset",
                "smile.math.matrix.Matrix", "smile.tensor.Tensor", "smile.clustering.BBDTree",
                "smile.neighbor.RNNSearch", "smile.clustering.linkage.Linkage"}) {
            if (Reflect.isA(v, data)) return false;
        }
        Method toString = Reflect.publicMethod(c, "toString");
        return toString != null && toString.getDeclaringClass() != Object.class;
    }

    static void put(Map<String, String> out, String key, String value) {
        if (key == null || key.isEmpty() || value == null) return;
        out.put(key, value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value);
    }
}
