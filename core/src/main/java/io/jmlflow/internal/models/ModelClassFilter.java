package io.jmlflow.internal.models;

import io.jmlflow.MlflowConfig;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a Java-serialized model file may contain: the class its MLmodel declares (as the top-level object) and the
 * classes of its package and sub-packages, the packages of the library it comes from, and the JDK's boxed types,
 * strings, collections, arrays and
 * {@code java.time} values; nothing else is instantiated, so no other class's {@code readObject} ever runs. Depth is
 * bounded ({@value #DEFAULT_MAX_DEPTH}), and references, array lengths and bytes by the file's size (a real model
 * needs at least a byte per reference or element). {@link ModelObjectInput} adds a bound on the hashing that nested
 * collections cause.
 *
 * <p>{@value #CONFIG_KEY} ({@code -Dmlflow.model.load.filter}, {@code MLFLOW_MODEL_LOAD_FILTER}) widens or narrows
 * this, in the syntax of {@code jdk.serialFilter}, checked before the built-in rules: {@code com.acme.**} (a package
 * and its sub-packages), {@code com.acme.*} (one package), {@code com.acme.Model} (one class), {@code !name} (refuse),
 * {@code *} (anything), and limits {@code maxdepth=}, {@code maxrefs=}, {@code maxarray=}, {@code maxbytes=},
 * {@code maxhash=} (hash steps of nested collections), separated by {@code ;}.
 */
final class ModelClassFilter implements ObjectInputFilter {
    static final String CONFIG_KEY = "model.load.filter";
    static final long DEFAULT_MAX_DEPTH = 500;
    /** Hash steps nested collections may cost, plus {@link #HASH_STEPS_PER_BYTE} a byte ({@link ModelObjectInput}). */
    static final long BASE_HASH_STEPS = 100_000;
    static final long HASH_STEPS_PER_BYTE = 8;

    private static final Set<String> JDK_CLASSES = Set.of("java.lang.Object", "java.lang.String",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum",
            "java.lang.invoke.SerializedLambda", "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Hashtable",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumMap",
            "java.util.EnumSet", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.EnumSet$SerializationProxy", "java.util.BitSet", "java.util.Map$Entry",
            "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Arrays$ArrayList", "java.util.CollSer", "java.util.Date", "java.util.UUID",
            "java.util.Locale", "java.lang.String$CaseInsensitiveComparator", "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicIntegerArray",
            "java.util.concurrent.atomic.AtomicLongArray");
    /** Classes whose names start so: the collections' wrappers, immutable and empty forms. */
    private static final String[] JDK_PREFIXES = {"java.util.Collections$", "java.util.ImmutableCollections$"};
    /** Classes of these packages (not their sub-packages) are allowed too. */
    private static final String[] JDK_PACKAGES = {"java.time."};

    private final String declaredClass;
    /** {@code com.acme.} for a declared {@code com.acme.Model} (its package and sub-packages), null for the JDK's. */
    private final String declaredPackage;
    private final List<String> configured;
    private final List<String> library;
    final long maxDepth;
    final long maxRefs;
    final long maxArray;
    final long maxBytes;
    final long maxHash;
    private boolean topLevelSeen;
    private long references;
    private String rejection;

    /**
     * A filter for a file of {@code size} bytes whose MLmodel declares {@code declaredClass} (null: unknown), written
     * by a library whose classes match {@code libraryPatterns} ({@code smile.**}, ...).
     */
    ModelClassFilter(String declaredClass, List<String> libraryPatterns, long size) {
        this(declaredClass, libraryPatterns, size, MlflowConfig.get(CONFIG_KEY));
    }

    ModelClassFilter(String declaredClass, List<String> libraryPatterns, long size, String config) {
        this.declaredClass = declaredClass;
        int dot = declaredClass == null ? -1 : declaredClass.lastIndexOf('.');
        this.declaredPackage = dot < 0 || declaredClass.startsWith("java.") ? null
                : declaredClass.substring(0, dot + 1);
        this.library = List.copyOf(libraryPatterns);
        long depth = DEFAULT_MAX_DEPTH;
        long refs = Math.max(size, 1024);
        long array = Math.max(size, 1024);
        long bytes = Math.max(size, 1024);
        long hash = BASE_HASH_STEPS + HASH_STEPS_PER_BYTE * Math.max(size, 0);
        List<String> patterns = new ArrayList<>();
        if (config != null) {
            for (String raw : config.split(";")) {
                String p = raw.trim();
                int eq = p.indexOf('=');
                if (p.isEmpty()) continue;
                if (eq < 0) {
                    patterns.add(p);
                    continue;
                }
                long v = parseLimit(p.substring(eq + 1));
                switch (p.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "maxdepth": depth = v; break;
                    case "maxrefs": refs = v; break;
                    case "maxarray": array = v; break;
                    case "maxbytes": bytes = v; break;
                    case "maxhash": hash = v; break;
                    default: break;
                }
            }
        }
        this.configured = patterns;
        this.maxDepth = depth;
        this.maxRefs = refs;
        this.maxArray = array;
        this.maxBytes = bytes;
        this.maxHash = hash;
    }

    private static long parseLimit(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        references = info.references();
        if (info.depth() > maxDepth) return reject("objects nested deeper than " + maxDepth);
        if (info.references() > maxRefs) return reject("more than " + maxRefs + " object references");
        if (info.streamBytes() > maxBytes) return reject("more than " + maxBytes + " bytes");
        Class<?> c = info.serialClass();
        if (c == null) return Status.UNDECIDED;
        if (c.isArray() && info.arrayLength() > maxArray) {
            return reject("an array of " + info.arrayLength() + " elements (at most " + maxArray + ")");
        }
        while (c.isArray()) c = c.getComponentType();
        if (info.depth() == 1 && !topLevelSeen) {
            topLevelSeen = true;
            if (declaredClass != null && !c.getName().equals(declaredClass)) {
                return reject("the file holds a " + c.getName() + " where the MLmodel declares a " + declaredClass);
            }
        }
        if (c.isPrimitive() || allowed(c.getName())) return Status.ALLOWED;
        return reject("class " + c.getName() + " is not allowed in a model of class "
                + (declaredClass == null ? "(not declared)" : declaredClass)
                + " (its own package's, its library's and the JDK's basic classes are)");
    }

    private boolean allowed(String name) {
        for (String p : configured) {
            if (p.startsWith("!")) {
                if (matches(p.substring(1), name)) return false;
            } else if (matches(p, name)) {
                return true;
            }
        }
        if (name.equals(declaredClass) || (declaredPackage != null && name.startsWith(declaredPackage))) return true;
        for (String p : library) if (matches(p, name)) return true;
        if (JDK_CLASSES.contains(name)) return true;
        for (String p : JDK_PREFIXES) if (name.startsWith(p)) return true;
        for (String p : JDK_PACKAGES) {
            if (name.startsWith(p) && name.indexOf('.', p.length()) < 0) return true;
        }
        return false;
    }

    /** {@code jdk.serialFilter}'s class patterns: {@code a.b.**}, {@code a.b.*}, {@code prefix*}, {@code *}, a name. */
    static boolean matches(String pattern, String name) {
        int slash = pattern.indexOf('/');
        String p = slash >= 0 ? pattern.substring(slash + 1) : pattern; // module names are not checked
        if (p.equals("*")) return true;
        if (p.endsWith(".**")) return name.startsWith(p.substring(0, p.length() - 2));
        if (p.endsWith(".*")) {
            String pkg = p.substring(0, p.length() - 1);
            return name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0;
        }
        if (p.endsWith("*")) return name.startsWith(p.substring(0, p.length() - 1));
        return p.equals(name);
    }

    private Status reject(String why) {
        if (rejection == null) rejection = why;
        return Status.REJECTED;
    }

    /** Why the file was refused, or null. */
    String rejection() {
        return rejection;
    }

    /** Records a refusal decided elsewhere (the hashing bound), so that it is the one reported. */
    void rejectedBecause(String why) {
        reject(why);
    }

    /** Object references read so far. */
    long references() {
        return references;
    }
}
