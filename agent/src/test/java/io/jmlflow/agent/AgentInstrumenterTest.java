package io.jmlflow.agent;

import demo.lib.Calls;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.jmlflow.agent.AgentAnnotationDescriptorsTest.classFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deferred transformer and the integration SPI, in-process: class files go through
 * {@link DeferredTransformer#transform} as the JVM would hand them over, and the result is defined in a fresh
 * class loader and run.
 */
class AgentInstrumenterTest {
    private static final ClassLoader TEST_LOADER = AgentInstrumenterTest.class.getClassLoader();

    /** Defines one class from given bytes; everything else comes from the test class loader. */
    static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(TEST_LOADER);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    @AfterEach
    void resetCalls() {
        Calls.ENTERED.set(0);
        Calls.lastReturned = null;
    }

    private static byte[] transform(DeferredTransformer t, String binaryName) throws Exception {
        return t.transform(TEST_LOADER, binaryName.replace('.', '/'), null, null, classFile(binaryName));
    }

    private static Object callFit(byte[] classFile) throws Exception {
        Class<?> library = new OneClassLoader().define("demo.lib.Library", classFile);
        return library.getMethod("fit", int.class).invoke(null, 21);
    }

    @Test
    void classesNoOneAsksForNeverStartByteBuddy() throws Exception {
        DeferredTransformer t = new DeferredTransformer(List.of(new TestIntegration(Set.of("demo.lib.Library"), Set.of())));
        assertNull(transform(t, "demo.HelloWorld"));
        assertNull(transform(t, "demo.OnlyAnnotations$ReferencesTypeOnly"));
        assertNull(t.transform(null, "demo/lib/Library", null, null, classFile("demo.lib.Library")), "boot loader");
        assertNull(t.transform(TEST_LOADER, "java/lang/Thing", null, null, classFile("demo.SmallTracked")), "JDK name");
        assertNull(t.transform(TEST_LOADER, "io/jmlflow/Thing", null, null, classFile("demo.SmallTracked")), "own name");
        assertFalse(t.byteBuddyStarted());
    }

    @Test
    void integrationInstrumentsTheClassesItNames() throws Exception {
        TestIntegration integration = new TestIntegration(Set.of("demo.lib.Library"), Set.of());
        DeferredTransformer t = new DeferredTransformer(List.<Integration>of(integration));
        byte[] transformed = transform(t, "demo.lib.Library");
        assertNotNull(transformed);
        assertTrue(t.byteBuddyStarted());
        assertEquals(42, callFit(transformed));
        assertEquals(1, Calls.ENTERED.get());
        assertEquals(42, Calls.lastReturned);
        assertNull(transform(t, "demo.lib.Calls"), "not named, left alone");
    }

    @Test
    void integrationCanNameAPackagePrefix() throws Exception {
        DeferredTransformer t = new DeferredTransformer(List.<Integration>of(new TestIntegration(Set.of(), Set.of("demo.lib."))));
        assertEquals(42, callFit(transform(t, "demo.lib.Library")));
        assertEquals(1, Calls.ENTERED.get());
    }

    @Test
    void anUnsupportedVersionLeavesTheLibraryAloneWithOneWarningPerClassLoader() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<String> listener = lines::add;
        io.jmlflow.internal.Log.addListener(listener);
        System.setProperty("jmlflow.testing.version.testlib", "0.9");
        try {
            DeferredTransformer t = new DeferredTransformer(List.<Integration>of(
                    new TestIntegration(Set.of("demo.lib.Library"), Set.of())));
            assertNull(transform(t, "demo.lib.Library"));
            assertNull(transform(t, "demo.lib.Library"));
            assertEquals(42, callFit(classFile("demo.lib.Library")));
            assertEquals(0, Calls.ENTERED.get());
            assertEquals(List.of("WARNING: testlib autologging is off: Demo 0.9 is not a version it supports ([1.0,2.0));"
                    + " set autolog.testlib.unsupported.versions=true to autolog it anyway"), lines);

            System.setProperty("mlflow.autolog.testlib.unsupported.versions", "true");
            lines.clear();
            DeferredTransformer forced = new DeferredTransformer(List.<Integration>of(
                    new TestIntegration(Set.of("demo.lib.Library"), Set.of())));
            assertEquals(42, callFit(transform(forced, "demo.lib.Library")));
            assertEquals(1, Calls.ENTERED.get(), "instrumented anyway");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("not a version it supports"), lines.get(0));
        } finally {
            System.clearProperty("jmlflow.testing.version.testlib");
            System.clearProperty("mlflow.autolog.testlib.unsupported.versions");
            io.jmlflow.internal.Log.removeListener(listener);
        }
    }

    @Test
    void aSupportedOrUnknownVersionIsInstrumented() throws Exception {
        System.setProperty("jmlflow.testing.version.testlib", "1.4.2");
        try {
            DeferredTransformer t = new DeferredTransformer(List.<Integration>of(
                    new TestIntegration(Set.of("demo.lib.Library"), Set.of())));
            assertEquals(42, callFit(transform(t, "demo.lib.Library")));
        } finally {
            System.clearProperty("jmlflow.testing.version.testlib");
        }
        // the test classes are no jar and have no pom.properties: the version is unknown, and that does not stop it
        DeferredTransformer unknown = new DeferredTransformer(List.<Integration>of(
                new TestIntegration(Set.of("demo.lib.Library"), Set.of())));
        assertEquals(42, callFit(transform(unknown, "demo.lib.Library")));
        assertEquals(2, Calls.ENTERED.get());
    }

    @Test
    void failingIntegrationTurnsItselfOff() throws Exception {
        TestIntegration integration = new TestIntegration(Set.of("demo.lib.Library"), Set.of());
        integration.failTransform = true;
        DeferredTransformer t = new DeferredTransformer(List.<Integration>of(integration));
        assertNull(transform(t, "demo.lib.Library"));
        integration.failTransform = false;
        assertNull(transform(t, "demo.lib.Library"), "stays off after its first failure");
    }

    @Test
    void annotatedClassesAreInstrumentedWithoutAnyIntegration(@TempDir Path dir) throws Exception {
        DeferredTransformer t = new DeferredTransformer(List.of());
        byte[] original = classFile("demo.SmallTracked");
        byte[] transformed = transform(t, "demo.SmallTracked");
        assertNotNull(transformed);
        assertFalse(java.util.Arrays.equals(original, transformed));

        Mlflow.setTrackingUri("file:" + dir);
        Class<?> tracked = new OneClassLoader().define("demo.SmallTracked", transformed);
        Method work = tracked.getMethod("work", int.class);
        assertEquals(8, work.invoke(null, 7));
        try (MlflowClient client = new MlflowClient("file:" + dir)) {
            String experiment = client.getExperimentByName("in-process").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experiment), "");
            assertEquals(1, runs.size());
            assertEquals("small", runs.get(0).info().runName());
            assertEquals(RunStatus.FINISHED, runs.get(0).info().status());
            assertEquals("7", runs.get(0).data().params().get("n"));
        }
    }

    @Test
    void instrumentedClassKeepsItsShape() throws Exception {
        byte[] transformed = transform(new DeferredTransformer(List.of()), "demo.SmallTracked");
        Class<?> before = new OneClassLoader().define("demo.SmallTracked", classFile("demo.SmallTracked"));
        Class<?> after = new OneClassLoader().define("demo.SmallTracked", transformed);
        assertArrayEquals(names(before.getDeclaredMethods()), names(after.getDeclaredMethods()));
        assertEquals(before.getDeclaredFields().length, after.getDeclaredFields().length);
    }

    private static String[] names(Method[] methods) {
        return java.util.Arrays.stream(methods).map(Method::toString).sorted().toArray(String[]::new);
    }
}
