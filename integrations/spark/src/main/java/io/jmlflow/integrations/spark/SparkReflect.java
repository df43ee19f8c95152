package io.jmlflow.integrations.spark;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Spark internals that differ between Spark versions (the query plan, a model's training summary) by name,
 * outside the linked API the shape check covers: every read returns null when the member is missing or throws.
 */
final class SparkReflect {
    private SparkReflect() {
    }

    /** {@code target.name()}, or null. */
    static Object call(Object target, String name) {
        if (target == null) return null;
        try {
            Method m = target.getClass().getMethod(name);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The elements of a Scala collection (through its {@code iterator()}), or an empty list. */
    static List<Object> elements(Object scalaCollection) {
        List<Object> out = new ArrayList<>();
        Object it = call(scalaCollection, "iterator");
        if (it == null) return out;
        try {
            Method hasNext = it.getClass().getMethod("hasNext");
            Method next = it.getClass().getMethod("next");
            hasNext.setAccessible(true);
            next.setAccessible(true);
            while (Boolean.TRUE.equals(hasNext.invoke(it)) && out.size() < 10_000) out.add(next.invoke(it));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // what was read so far
        }
        return out;
    }

    /** The value of a {@code scala.Option}, or null for {@code None} or anything else. */
    static Object option(Object option) {
        if (option == null || !Boolean.TRUE.equals(call(option, "isDefined"))) return null;
        return call(option, "get");
    }
}
