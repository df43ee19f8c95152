package io.jmlflow.integrations.smile;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reflection over Smile objects. The integration never links against Smile: Smile 6 class files (version 69)
 * cannot be read by javac 17, and members moved between 3.x and 6.x (public fields became record accessors, e.g.
 * {@code metrics.accuracy} / {@code metrics.accuracy()}). Lookups are cached per class.
 */
final class Reflect {
    private static final Object MISSING = new Object();
    private static final ClassValue<ConcurrentHashMap<String, Object>> MEMBERS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Reflect() {
    }

    /** True when {@code o}'s class, a superclass or an interface of it is named {@code typeName}. */
    static boolean isA(Object o, String typeName) {
        return o != null && isA(o.getClass(), typeName);
    }

    static boolean isA(Class<?> type, String typeName) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) continue;
            if (c.getName().equals(typeName)) return true;
            if (c.getSuperclass() != null) todo.add(c.getSuperclass());
            for (Class<?> i : c.getInterfaces()) todo.add(i);
        }
        return false;
    }

    /**
     * The value of the first of {@code names} that {@code target} has as a public no-argument method (6.x record
     * accessors) or public field (3.x), or null when it has none or reading it failed.
     */
    static Object read(Object target, String... names) {
        if (target == null) return null;
        for (String name : names) {
            Object member = member(target.getClass(), name);
            if (member == MISSING) continue;
            try {
                return member instanceof Method ? ((Method) member).invoke(target) : ((Field) member).get(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** {@link #read} as a double; NaN when missing or not a number. */
    static double number(Object target, String... names) {
        Object v = read(target, names);
        return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    }

    private static Object member(Class<?> type, String name) {
        ConcurrentHashMap<String, Object> members = MEMBERS.get(type);
        Object known = members.get(name); // no lambda: this runs inside the training call
        if (known != null) return known;
        Object found = find(type, name);
        Object raced = members.putIfAbsent(name, found);
        return raced != null ? raced : found;
    }

    private static Object find(Class<?> type, String n) {
        Method m = publicMethod(type, n);
        if (m != null) return m;
        try {
            Field f = type.getField(n);
            if (!Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getDeclaringClass().getModifiers())) {
                return f;
            }
        } catch (NoSuchFieldException ignored) {
            // not a field either
        }
        return MISSING;
    }

    /**
     * A public instance method callable from outside the library: declared (or inherited) by a public type, so
     * that implementation classes that are not public still work through their public interfaces.
     */
    static Method publicMethod(Class<?> type, String name, Class<?>... params) {
        Method m;
        try {
            m = type.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (Modifier.isStatic(m.getModifiers())) return null;
        if (Modifier.isPublic(m.getDeclaringClass().getModifiers())) return m;
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) continue;
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    Method found = c.getMethod(name, params);
                    if (Modifier.isPublic(found.getDeclaringClass().getModifiers())) return found;
                } catch (NoSuchMethodException ignored) {
                    // look further up
                }
            }
            if (c.getSuperclass() != null) todo.add(c.getSuperclass());
            for (Class<?> i : c.getInterfaces()) todo.add(i);
        }
        return null;
    }

    /** Calls a public instance method; the library's own exception is rethrown unwrapped. */
    static Object call(Object target, String name, Class<?>[] params, Object... args) throws Exception {
        Method m = publicMethod(target.getClass(), name, params);
        if (m == null) throw new NoSuchMethodException(target.getClass().getName() + "." + name);
        return invoke(m, target, args);
    }

    /** Calls a public static method of the class {@code className} as {@code loader} sees it. */
    static Object callStatic(ClassLoader loader, String className, String name, Class<?>[] params, Object... args)
            throws Exception {
        Class<?> type = Class.forName(className, false, loader);
        return invoke(type.getMethod(name, params), null, args);
    }

    /** The class {@code className} as {@code loader} sees it, or null. */
    static Class<?> type(ClassLoader loader, String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) throw (Exception) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw e;
        }
    }
}
