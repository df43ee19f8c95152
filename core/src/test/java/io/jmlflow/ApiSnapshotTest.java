package io.jmlflow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API of jmlflow-core: every public type outside {@code io.jmlflow.internal} and its public and protected
 * members, compared with {@code src/test/resources/api-snapshot.txt}. A change to the API must change that file in
 * the same commit ({@code mvn test -pl core -Dtest=ApiSnapshotTest -Dapi.snapshot.update=true} rewrites it).
 */
class ApiSnapshotTest {
    private static final Path SNAPSHOT = Paths.get("src/test/resources/api-snapshot.txt");
    private static final int MAX_PUBLIC_TYPES = 40;

    @Test
    void publicApiMatchesTheSnapshot() throws Exception {
        List<String> api = describeApi();
        String actual = String.join("\n", api) + "\n";
        if (Boolean.getBoolean("api.snapshot.update")) {
            Files.createDirectories(SNAPSHOT.getParent());
            Files.writeString(SNAPSHOT, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(SNAPSHOT) ? Files.readString(SNAPSHOT, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "the public API changed: review the difference, then rewrite " + SNAPSHOT
                + " with -Dapi.snapshot.update=true");
    }

    @Test
    void fewPublicTypesAndNoInternalTypeInTheirSignatures() throws Exception {
        List<Class<?>> types = publicTypes();
        assertTrue(types.size() <= MAX_PUBLIC_TYPES, types.size() + " public types outside internal packages: " + types);
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : types) {
            for (String member : members(c)) {
                if (member.contains("io.jmlflow.internal.")) leaks.add(member);
            }
        }
        assertEquals(List.of(), leaks, "public members that expose internal types");
    }

    @Test
    void theFacadeAndItsHelpersDoNotReferToEachOtherBothWays() throws Exception {
        // Mlflow -> AgentAttacher and MlflowClient -> ModelLogging, never back (they were import cycles)
        assertFalse(mentions("io/jmlflow/internal/autolog/AgentAttacher.class", "io/jmlflow/Mlflow"));
        assertFalse(mentions("io/jmlflow/internal/models/ModelLogging.class", "io/jmlflow/MlflowClient"));
    }

    /** True when the class file names the class {@code internalName} (not merely one whose name starts so). */
    private static boolean mentions(String classFile, String internalName) throws IOException, URISyntaxException {
        String bytes = new String(Files.readAllBytes(classesRoot().resolve(classFile)), StandardCharsets.ISO_8859_1);
        return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(internalName) + "(?![A-Za-z0-9_$])")
                .matcher(bytes).find();
    }

    private static Path classesRoot() throws URISyntaxException {
        return Paths.get(Mlflow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Class<?>> publicTypes() throws Exception {
        Path root = classesRoot();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
                if (name.startsWith("io.jmlflow.internal.") || name.endsWith("package-info")) continue;
                Class<?> c = Class.forName(name, false, ApiSnapshotTest.class.getClassLoader());
                if (isVisible(c)) out.add(c);
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    /** Public, and (for a nested type) inside public types all the way out. */
    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) return false;
        }
        return true;
    }

    private static List<String> describeApi() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Class<?> c : publicTypes()) {
            lines.add(kind(c) + " " + c.getName() + supertypes(c));
            for (String m : members(c)) lines.add("  " + m);
        }
        return lines;
    }

    private static String kind(Class<?> c) {
        if (c.isAnnotation()) return "@interface";
        if (c.isInterface()) return "interface";
        if (c.isEnum()) return "enum";
        if (c.isRecord()) return "record";
        return (Modifier.isAbstract(c.getModifiers()) ? "abstract " : "") + "class";
    }

    private static String supertypes(Class<?> c) {
        TreeSet<String> s = new TreeSet<>();
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            s.add(c.getGenericSuperclass().getTypeName());
        }
        for (Type t : c.getGenericInterfaces()) s.add(t.getTypeName());
        return s.isEmpty() ? "" : " : " + String.join(", ", s);
    }

    private static List<String> members(Class<?> c) {
        TreeSet<String> out = new TreeSet<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exposed(k.getModifiers()) && !c.isEnum()) out.add("new" + params(k.getGenericParameterTypes()));
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!exposed(m.getModifiers()) || m.isSynthetic() || m.isBridge()) continue;
            if (c.isEnum() && (m.getName().equals("values") || m.getName().equals("valueOf"))) continue;
            out.add((Modifier.isStatic(m.getModifiers()) ? "static " : "") + m.getGenericReturnType().getTypeName()
                    + " " + m.getName() + params(m.getGenericParameterTypes()));
        }
        for (Field f : c.getDeclaredFields()) {
            if (!exposed(f.getModifiers()) || f.isSynthetic()) continue;
            out.add((Modifier.isStatic(f.getModifiers()) ? "static " : "") + "field " + f.getGenericType().getTypeName()
                    + " " + f.getName());
        }
        return new ArrayList<>(out);
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String params(Type[] types) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < types.length; i++) {
            if (i > 0) b.append(", ");
            b.append(types[i].getTypeName());
        }
        return b.append(')').toString();
    }
}
