package io.jmlflow.internal.annotations;

import io.jmlflow.internal.ParamValues;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@code @LogParam} value into MLflow params: scalars (numbers, strings, booleans, enums, JDK value types,
 * collections and arrays as their text) under the key itself; records, POJOs and maps flattened to dotted keys
 * ({@code config.optimizer.lr}). POJOs contribute their public getters, or their instance fields when they have no
 * getters. Nesting stops at {@link #MAX_DEPTH} (deeper values are logged as text), a value that contains itself is
 * not followed again, and one value yields at most {@link #MAX_KEYS} params.
 */
public final class ParamFlattener {
    public static final int MAX_DEPTH = 5;
    public static final int MAX_KEYS = 200;

    private static final ClassValue<Property[]> PROPERTIES = new ClassValue<>() {
        @Override
        protected Property[] computeValue(Class<?> type) {
            return propertiesOf(type);
        }
    };

    private ParamFlattener() {
    }

    /** A readable property of a POJO or record. */
    private record Property(String name, Method getter, Field field) {
        Object read(Object target) throws ReflectiveOperationException {
            return getter != null ? getter.invoke(target) : field.get(target);
        }
    }

    /**
     * Adds the params for {@code value} under {@code key} to {@code out}; returns false when {@link #MAX_KEYS} cut
     * it short.
     */
    public static boolean flatten(String key, Object value, Map<String, String> out) {
        int before = out.size();
        return walk(key, value, 0, new IdentityHashMap<>(), out, before + MAX_KEYS);
    }

    private static boolean walk(String key, Object v, int depth, IdentityHashMap<Object, Boolean> path,
                                Map<String, String> out, int limit) {
        if (out.size() >= limit) return false;
        if (isScalar(v)) {
            out.put(key, text(v));
            return true;
        }
        if (v instanceof Optional<?> o) return walk(key, o.orElse(null), depth, path, out, limit);
        if (depth >= MAX_DEPTH) {
            out.put(key, text(v));
            return true;
        }
        if (path.put(v, Boolean.TRUE) != null) return true; // a cycle: already being written above us
        try {
            if (v instanceof Map<?, ?> map) {
                if (map.isEmpty()) out.put(key, "{}");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!walk(key + "." + e.getKey(), e.getValue(), depth + 1, path, out, limit)) return false;
                }
                return true;
            }
            Property[] properties = PROPERTIES.get(v.getClass());
            if (properties.length == 0) {
                out.put(key, text(v));
                return true;
            }
            for (Property p : properties) {
                Object child;
                try {
                    child = p.read(v);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue; // an unreadable property is left out, the others still go
                }
                if (!walk(key + "." + p.name(), child, depth + 1, path, out, limit)) return false;
            }
            return true;
        } finally {
            path.remove(v);
        }
    }

    /** Values logged as their text: everything but maps, records and POJOs of non-JDK classes. */
    static boolean isScalar(Object v) {
        if (v == null || v instanceof CharSequence || v instanceof Number || v instanceof Boolean
                || v instanceof Character || v instanceof Enum<?> || v instanceof Class<?>
                || v instanceof Iterable<?> || v.getClass().isArray()) {
            return true;
        }
        if (v instanceof Map<?, ?> || v instanceof Optional<?> || v.getClass().isRecord()) return false;
        String name = v.getClass().getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    /** The text MLflow gets for a value, as Python writes it ({@link ParamValues}); never throws. */
    static String text(Object v) {
        return ParamValues.text(v);
    }

    private static Property[] propertiesOf(Class<?> type) {
        List<Property> out = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                Method m = c.getAccessor();
                if (m.trySetAccessible()) out.add(new Property(c.getName(), m, null));
            }
            return out.toArray(new Property[0]);
        }
        for (Method m : type.getMethods()) {
            String name = propertyName(m);
            if (name != null && m.trySetAccessible()) out.add(new Property(name, m, null));
        }
        if (!out.isEmpty()) {
            out.sort(Comparator.comparing(Property::name));
            return out.toArray(new Property[0]);
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
                if (f.trySetAccessible()) out.add(new Property(f.getName(), null, f));
            }
        }
        return out.toArray(new Property[0]);
    }

    /** "lr" for {@code getLr()}, "enabled" for {@code isEnabled()}; null for anything else. */
    private static String propertyName(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.isBridge() || m.isSynthetic()
                || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String n = m.getName();
        String rest;
        if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) rest = n.substring(3);
        else if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) rest = n.substring(2);
        else return null;
        if (!Character.isUpperCase(rest.charAt(0))) return null;
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(1))) return rest; // getURL -> URL, as in JavaBeans
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }
}
