package io.jmlflow.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * Defines ahead, on the agent's warm-up thread, the agent's own classes that earlier runs of the same program loaded.
 *
 * <p>Each class found through the class path costs the JVM far more than parsing it: the application class loader's
 * search, a URL for the class file, its package and manifest checks and code source, most of it interpreted this
 * early, and the JIT compilations all that work brings on. A tracked XGBoost run loads about 250 classes from the
 * agent jar; defined straight from the jar's bytes they cost about half the CPU (measured side by side on 2 cores,
 * fresh JVMs), and on the warm-up thread instead of the program's. The classes are only defined, never initialised:
 * nothing of ours runs earlier than it would.
 *
 * <p>At exit, after the tracked runs' exit work, the names of the agent jar's classes the JVM loaded, Byte Buddy's
 * excepted, are added to the program's list: a dot file in the {@link TransformCache} folder, per agent build, program
 * (main class or jar) and configured store kind. Names are only of our packages and are looked up in the agent jar, so
 * the list can name nothing else. Nothing is defined when another class path entry also has those packages (the
 * application's own copy keeps winning), or when this JDK's class loader is not built as expected.
 * {@code agent.class.preload=false} turns it off. Never throws.
 */
final class ClassPreload implements Runnable {
    private static final String DEFINER = "io.jmlflow.agent.ClassDefiner";
    private static final String[] PREFIXES = {"io.jmlflow.", "org.sqlite."};
    /** Byte Buddy (relocated) is needed only while classes are transformed, usually not once the cache has them. */
    private static final String TRANSFORMING_ONLY = "io.jmlflow.shaded.bytebuddy.";
    private static final String[] UNRELOCATED = {"io/jmlflow/Mlflow.class", "org/sqlite/JDBC.class"};
    /** Set once the listed classes are defined: how many were (for tests and diagnostics). */
    static final String DEFINED_PROPERTY = "io.jmlflow.agent.classes.defined.ahead";
    /** More names than the agent jar has classes of its unrelocated packages: a list this long is not ours. */
    static final int MAX_NAMES = 4000;

    private final Instrumentation instrumentation;
    private final DeferredTransformer transformer;
    private final Path list;
    private volatile Set<String> listed = Collections.emptySet();

    private ClassPreload(Instrumentation instrumentation, DeferredTransformer transformer, Path list) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.list = list;
    }

    /** The preload for this program, or null when it is off or there is no cache folder. */
    static ClassPreload of(Instrumentation instrumentation, DeferredTransformer transformer) {
        TransformCache cache = transformer.cache();
        if (cache == null || !io.jmlflow.MlflowConfig.getBoolean("agent.class.preload", true)) return null;
        String command = System.getProperty("sun.java.command", "");
        int space = command.indexOf(' ');
        String program = space < 0 ? command : command.substring(0, space);
        // and the configured store's kind: a run against a server loads other classes than one into SQLite
        String uri = io.jmlflow.MlflowConfig.get("tracking.uri");
        int colon = uri == null ? -1 : uri.indexOf(':');
        String store = colon < 0 ? "" : uri.substring(0, colon);
        return new ClassPreload(instrumentation, transformer, cache.programFile(".preload-", program + '\n' + store));
    }

    /** Whether earlier runs left a list (a file check, for the agent's start). */
    boolean hasList() {
        return Files.isRegularFile(list);
    }

    /**
     * Records at JVM exit what this run loaded, once the tracked runs' exit work is done (a few milliseconds, and one
     * file write); nothing when nothing was tracked.
     */
    void recordAtExit() {
        io.jmlflow.internal.session.ExitHook.thenRun(this);
    }

    @Override
    public void run() {
        record();
    }

    /**
     * Defines the listed classes the application class loader has not loaded yet; returns how many it defined.
     * {@code jarMoved}: the class path was already checked for other copies of our packages ({@link ClassPathOrder}).
     */
    int defineListed(boolean jarMoved) {
        try {
            List<String> names = read(list);
            listed = new HashSet<>(names);
            if (names.isEmpty()) return 0;
            ClassLoader app = ClassLoader.getSystemClassLoader();
            if (ClassPreload.class.getClassLoader() != app) return 0;
            ProtectionDomain domain = ClassPreload.class.getProtectionDomain();
            URL jar = domain.getCodeSource().getLocation();
            if (!jarMoved && !onlyCopy(app, jar)) return 0;
            Class<?> definer = OneOffLoader.withJdkAccess(instrumentation, app).defined(DEFINER, jar);
            try (ZipFile file = new ZipFile(new java.io.File(jar.toURI()))) {
                int defined = (Integer) definer.getMethod("define", ClassLoader.class, ProtectionDomain.class,
                        ZipFile.class, String[].class).invoke(null, app, domain, file, names.toArray(new String[0]));
                System.setProperty(DEFINED_PROPERTY, Integer.toString(defined));
                return defined;
            }
        } catch (Throwable notThisJdk) {
            return 0;
        }
    }

    /** Whether the agent jar is the one class path entry with our unrelocated packages. */
    private static boolean onlyCopy(ClassLoader app, URL jar) throws IOException {
        String base = ClassPathOrder.jarBase(jar);
        for (String name : UNRELOCATED) {
            Enumeration<URL> found = app.getResources(name);
            while (found.hasMoreElements()) {
                if (!found.nextElement().toString().startsWith(base)) return false;
            }
        }
        return true;
    }

    /**
     * Adds the agent jar's classes this JVM loaded to the list, when there are new ones; not after Byte Buddy was set
     * up (a first run, before the transform cache had the program's classes: later runs load less). Never throws.
     */
    void record() {
        try {
            if (transformer.transformedWithByteBuddy()) return;
            Set<String> known = listed;
            ClassLoader app = ClassPreload.class.getClassLoader();
            ProtectionDomain ours = ClassPreload.class.getProtectionDomain();
            List<Class<?>> fresh = new ArrayList<>();
            for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                // cheapest first: most classes are the JDK's or the application's
                if (c.getClassLoader() != app || c.getProtectionDomain() != ours || c.isHidden()) continue;
                String name = c.getName();
                if (known.contains(name) || !ours(name)) continue;
                fresh.add(c);
            }
            if (fresh.isEmpty() || known.size() + fresh.size() > MAX_NAMES) return;
            // read again, not taken from the start: another JVM of the program may have added to it since
            Set<String> names = new LinkedHashSet<>(read(list)); // as listed: supertypes first
            for (Class<?> c : supertypesFirst(fresh)) names.add(c.getName());
            write(list, names);
        } catch (Throwable ignored) {
            // the next run records it
        }
    }

    /** {@code classes} in an order where each comes after those of its supertypes that are among them. */
    static List<Class<?>> supertypesFirst(List<Class<?>> classes) {
        Map<Class<?>, Boolean> among = new IdentityHashMap<>();
        for (Class<?> c : classes) among.put(c, Boolean.FALSE);
        List<Class<?>> out = new ArrayList<>(classes.size());
        for (Class<?> c : classes) add(c, among, out);
        return out;
    }

    private static void add(Class<?> c, Map<Class<?>, Boolean> among, List<Class<?>> out) {
        if (c == null || among.get(c) != Boolean.FALSE) return; // not among them, or placed already
        among.put(c, Boolean.TRUE);
        add(c.getSuperclass(), among, out);
        for (Class<?> i : c.getInterfaces()) add(i, among, out);
        out.add(c);
    }

    /**
     * Whether {@code name} is of our packages and not Byte Buddy's. That is all a listed name needs: its class file is
     * looked up in the agent jar only, and a name of nothing there is skipped.
     */
    static boolean ours(String name) {
        if (name.isEmpty() || name.length() > 300 || name.startsWith(TRANSFORMING_ONLY)) return false;
        for (String p : PREFIXES) {
            if (name.startsWith(p)) return true;
        }
        return false;
    }

    /** The names listed in {@code file}, those of our packages only; empty when there is none. */
    static List<String> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = io.jmlflow.internal.FileBytes.read(file);
        } catch (java.nio.file.NoSuchFileException none) {
            return Collections.emptyList();
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        int start = 0;
        while (start < text.length() && names.size() < MAX_NAMES) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            String name = text.substring(start, end);
            if (ours(name)) names.add(name);
            start = end + 1;
        }
        return names;
    }

    /** Replaces {@code file} whole (a temporary file moved into place: other JVMs never read half a list). */
    static void write(Path file, Set<String> names) throws IOException {
        StringBuilder text = new StringBuilder(names.size() * 48);
        for (String name : names) text.append(name).append('\n');
        // not Files.createTempFile: its random names would set up SecureRandom at exit
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            io.jmlflow.internal.OwnerOnlyFiles.write(tmp, text.toString().getBytes(StandardCharsets.ISO_8859_1));
            TransformCache.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
