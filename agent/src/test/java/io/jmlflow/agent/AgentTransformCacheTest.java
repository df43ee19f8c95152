package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import demo.lib.Calls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transformed classes kept across JVMs: what a later run gets back, and what it refuses. */
class AgentTransformCacheTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Calls.ENTERED.set(0);
    }

    @Test
    void keepsTransformedAndUnchangedResultsApartFromEachOther() throws Exception {
        TransformCache cache = TransformCache.at(dir, "build-1");
        assertFalse(cache.hasEntries());
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        String changed = cache.key("demo", false, "demo/lib/Library", original);
        String unchanged = cache.key("demo", false, "demo/lib/Other", original);
        boolean[] hit = new boolean[1];
        assertNull(cache.get(changed, original, hit));
        assertFalse(hit[0], "nothing kept yet");

        cache.put(changed, original, new byte[] {1, 2, 3});
        cache.put(unchanged, original, null);
        assertArrayEquals(new byte[] {1, 2, 3}, cache.get(changed, original, hit));
        assertTrue(hit[0]);
        assertNull(cache.get(unchanged, original, hit));
        assertTrue(hit[0], "'left unchanged' is a result too");

        byte[] sameSizeOtherBytes = original.clone();
        sameSizeOtherBytes[sameSizeOtherBytes.length / 2] ^= 1;
        assertNull(cache.get(changed, sameSizeOtherBytes, hit));
        assertFalse(hit[0], "an entry is only ever given back for the very class file it was made from");
        assertTrue(TransformCache.at(dir, "build-1").hasEntries());
    }

    @Test
    void theKeyCoversTheBuildTheIntegrationTheAnnotationsAndTheClassFile() throws Exception {
        TransformCache cache = TransformCache.at(dir, "build-1");
        byte[] bytes = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        byte[] edited = bytes.clone();
        edited[edited.length - 1] ^= 1;
        String key = cache.key("smile", false, "demo/lib/Library", bytes);
        assertEquals(key, cache.key("smile", false, "demo/lib/Library", bytes.clone()));
        assertNotEquals(key, cache.key("smile", false, "demo/lib/Library", edited));
        assertNotEquals(key, cache.key("tribuo", false, "demo/lib/Library", bytes));
        assertNotEquals(key, cache.key("smile", true, "demo/lib/Library", bytes));
        assertNotEquals(key, TransformCache.at(dir, "build-2").key("smile", false, "demo/lib/Library", bytes));
    }

    @Test
    void aDamagedEntryIsAMissAndIsDeleted() throws Exception {
        TransformCache cache = TransformCache.at(dir, "build-1");
        byte[] original = {9};
        String key = cache.key("demo", false, "demo/lib/Library", original);
        cache.put(key, original, new byte[] {1, 2, 3, 4});
        Path entry = dir.resolve(key);
        byte[] stored = Files.readAllBytes(entry);
        stored[stored.length - 1] ^= 0x40;
        Files.write(entry, stored);
        boolean[] hit = new boolean[1];
        assertNull(cache.get(key, original, hit));
        assertFalse(hit[0]);
        assertFalse(Files.exists(entry));

        Files.write(entry, new byte[] {1, 2}); // cut short
        assertNull(cache.get(key, original, hit));
        assertFalse(hit[0]);
    }

    @Test
    void aLaterTransformerGetsTheSameClassWithoutByteBuddy() throws Exception {
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        List<Integration> integrations = List.<Integration>of(new TestIntegration(Set.of("demo.lib.Library"), Set.of()));
        DeferredTransformer first = new DeferredTransformer(integrations, TransformCache.at(dir, "build-1"));
        byte[] transformed = first.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original);
        assertNotNull(transformed);
        assertTrue(first.byteBuddyStarted());

        DeferredTransformer later = new DeferredTransformer(integrations, TransformCache.at(dir, "build-1"));
        assertTrue(later.hasCachedTransforms());
        byte[] again = later.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original);
        assertArrayEquals(transformed, again);
        assertFalse(later.byteBuddyStarted(), "the cached class needs no Byte Buddy");
        Class<?> library = new AgentInstrumenterTest.OneClassLoader().define("demo.lib.Library", again);
        assertEquals(42, library.getMethod("fit", int.class).invoke(null, 21));
        assertEquals(1, Calls.ENTERED.get(), "the advice of the cached class runs");

        DeferredTransformer otherBuild = new DeferredTransformer(integrations, TransformCache.at(dir, "build-2"));
        assertNotNull(otherBuild.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original));
        assertTrue(otherBuild.byteBuddyStarted(), "another agent build transforms afresh");
    }

    @Test
    void anUnwritableFolderOnlyMeansNoCache() throws Exception {
        TransformCache cache = TransformCache.at(dir, "build-1");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        Files.delete(dir); // gone under the running JVM: writing fails
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        DeferredTransformer t = new DeferredTransformer(
                List.<Integration>of(new TestIntegration(Set.of("demo.lib.Library"), Set.of())), cache);
        byte[] transformed = t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original);
        assertNotNull(transformed);
        assertNotNull(t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original));
        Files.createDirectory(dir); // for @TempDir's clean-up
    }
}
