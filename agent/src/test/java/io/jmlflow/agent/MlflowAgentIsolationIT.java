package io.jmlflow.agent;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's own Jackson, OkHttp, Kotlin and Byte Buddy never meet the application's. */
class MlflowAgentIsolationIT {
    @TempDir
    Path dir;

    private static Path[] appLibraries() throws Exception {
        Path libs = Paths.get(System.getProperty("app.libs", ChildJvm.testClasses().getParent().resolve("app-libs").toString()));
        try (Stream<Path> s = Files.list(libs)) {
            Path[] jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
            assertEquals(5, jars.length, "jackson x3, okhttp, okio in " + libs);
            return jars;
        }
    }

    @Test
    void applicationWithOtherJacksonAndOkHttpVersionsWorksUnchanged() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result plain = ChildJvm.main("demo.IsolatedApp").classPath(appLibraries()).run();
        ChildJvm.Result traced = ChildJvm.main("demo.IsolatedApp").classPath(appLibraries()).withAgent().fileStore(store).run();
        assertEquals(0, plain.exitCode(), plain.stderr());
        assertEquals(0, traced.exitCode(), traced.stderr());
        assertEquals(plain.stdout(), traced.stdout());
        String out = traced.stdout();
        assertTrue(out.contains("jackson 2.15.4 from jackson-databind-2.15.4.jar"), out);
        assertTrue(out.contains("okhttp from okhttp-3.14.9.jar"), out);
        assertTrue(out.contains("json {\"model\":\"forest\",\"trees\":100} trees=100"), out);
        assertTrue(out.contains("http 200 pong"), out);

        try (MlflowClient client = new MlflowClient("file:" + store)) {
            String experiment = client.getExperimentByName("isolation-it").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experiment), "");
            assertEquals(1, runs.size());
            assertEquals("forest", runs.get(0).data().params().get("config.model"));
            assertEquals("100", runs.get(0).data().params().get("config.trees"));
        }
    }

    @Test
    void theJarHoldsNoThirdPartyClassUnderItsOriginalName() throws Exception {
        List<String> leaked = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class")) continue;
                classes++;
                String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
                // org.sqlite: JNI binds to these names. No org.slf4j: the application's SLF4J is used when present.
                if (!path.startsWith("io/jmlflow/") && !path.startsWith("org/sqlite/")) {
                    leaked.add(name);
                }
            }
            String manifest = new String(jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF")).readAllBytes());
            assertTrue(manifest.contains("Premain-Class: io.jmlflow.agent.MlflowAgent"), manifest);
            assertTrue(manifest.contains("Agent-Class: io.jmlflow.agent.MlflowAgent"), manifest);
            assertTrue(manifest.contains("Can-Retransform-Classes: true"), manifest);
            assertTrue(manifest.contains("Main-Class: io.jmlflow.agent.cli.AgentCli"), manifest);
            assertTrue(jar.getEntry("io/jmlflow/shaded/bytebuddy/ByteBuddy.class") != null);
            assertTrue(jar.getEntry("io/jmlflow/shaded/okhttp3/internal/publicsuffix/publicsuffixes.gz") != null);
            assertTrue(jar.getEntry("org/slf4j/impl/StaticLoggerBinder.class") == null, "no SLF4J binding bundled");
        }
        assertTrue(classes > 1000, "a shaded jar: " + classes);
        assertEquals(List.of(), leaked);
    }

    /**
     * An application using the bundled sqlite-jdbc driver: connecting builds no date format (the agent's
     * SQLiteConnectionConfig), dates stored as text still format and parse as sqlite-jdbc does, and no lambda of
     * the driver is linked at run time.
     */
    @Test
    void theBundledSqliteDriverBuildsItsDateFormatOnlyWhenADateNeedsIt() throws Exception {
        ChildJvm.Result r = ChildJvm.main("demo.SqliteDates").classPath(ChildJvm.agentJar())
                .jvmArg("-Xlog:class+load=info:stdout:none").run();
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        int connected = lines.indexOf("connected");
        assertTrue(connected > 0, r.stdout());
        assertTrue(lines.subList(0, connected).stream().anyMatch(l -> l.startsWith("org.sqlite.SQLiteConnectionConfig ")
                && l.contains("mlflow-agent.jar")), "the agent jar's SQLiteConnectionConfig");
        assertEquals(List.of(), lines.subList(0, connected).stream().filter(l -> l.startsWith("org.sqlite.date.")).toList());
        assertTrue(lines.subList(connected, lines.size()).stream().anyMatch(l -> l.startsWith("org.sqlite.date.FastDateFormat ")),
                r.stdout());
        assertTrue(lines.contains("stored 2026-12-07 10:11:12.345"), r.stdout());
        assertTrue(lines.contains("read 2026-12-07 10:11:12.345"), r.stdout());
        // its lambdas were made classes when the jar was built (LambdaDesugarer): none is spun at run time
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("org.sqlite.") && l.contains("$$Lambda$")).toList());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("org.sqlite.") && l.contains("$$JmLambda$")), r.stdout());
    }

    /**
     * The agent jar is searched right after the application's first jar (not after all of them, where -javaagent puts
     * it), and the application's own jars keep their order; the application's code still cannot reach into
     * jdk.internal.loader.
     */
    @Test
    void theAgentJarIsSearchedRightAfterTheApplicationsFirstJar() throws Exception {
        Path first = ChildJvm.testClassPathJar("slf4j-simple-");
        Path second = ChildJvm.testClassPathJar("opentest4j-");
        Path[] jars = withOtherJars(first, second);
        List<String> plain = manifests(ChildJvm.main("demo.ClassPathProbe").classPath(jars).run());
        ChildJvm.Result r = ChildJvm.main("demo.ClassPathProbe").classPath(jars).withAgent().run();
        List<String> traced = manifests(r);
        String agent = "manifest " + ChildJvm.agentJar().getFileName();
        assertEquals(List.of("manifest " + first.getFileName(), "manifest " + second.getFileName()), plain.subList(0, 2));
        assertEquals(List.of(plain.get(0), agent, plain.get(1)), traced.subList(0, 3), r.stdout());
        assertTrue(r.stdout().contains("internals closed"), r.stdout());
    }

    /** When the application has its own sqlite-jdbc, the agent jar stays last, so the application's copy wins. */
    @Test
    void theAgentJarStaysLastWhenTheApplicationHasItsOwnSqliteJdbc() throws Exception {
        Path first = ChildJvm.testClassPathJar("slf4j-simple-");
        Path sqlite = ChildJvm.testClassPathJar("sqlite-jdbc-");
        ChildJvm.Result r = ChildJvm.main("demo.ClassPathProbe").classPath(withOtherJars(first, sqlite)).withAgent().run();
        List<String> traced = manifests(r);
        assertEquals("manifest " + ChildJvm.agentJar().getFileName(), traced.get(traced.size() - 1), r.stdout());
        assertTrue(traced.indexOf("manifest " + sqlite.getFileName()) >= 0, r.stdout());
    }

    /**
     * {@code first} and {@code second}, then enough other jars of the test class path (none with our packages or
     * sqlite-jdbc's) for the agent to move its jar ({@link ClassPathOrder#MIN_JARS}).
     */
    private static Path[] withOtherJars(Path first, Path second) throws Exception {
        List<Path> out = new ArrayList<>(List.of(first, second));
        for (Path p : ChildJvm.testClassPath()) {
            String name = p.getFileName().toString();
            if (out.size() >= ClassPathOrder.MIN_JARS + 1) break;
            if (name.endsWith(".jar") && !name.startsWith("jmlflow-") && !name.startsWith("sqlite-jdbc-") && !out.contains(p)) {
                out.add(p);
            }
        }
        assertTrue(out.size() > ClassPathOrder.MIN_JARS, "jars on the test class path: " + out);
        return out.toArray(new Path[0]);
    }

    private static List<String> manifests(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().lines().filter(l -> l.startsWith("manifest ")).toList();
    }
}
