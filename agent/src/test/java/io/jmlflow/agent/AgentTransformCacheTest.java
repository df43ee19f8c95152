package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import demo.lib.Calls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jmlflow.testing.OtherUsers;
import io.jmlflow.testing.Warnings;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import static net.bytebuddy.matcher.ElementMatchers.named;

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
    void pruningDeletesOldEntriesAndKeepsRecentOnesAndTheSecret() throws Exception {
        TransformCache cache = TransformCache.at(dir, "build-1");
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        String old = cache.key("demo", false, "demo/lib/Old", original);
        String recent = cache.key("demo", false, "demo/lib/Recent", original);
        cache.put(old, original, new byte[] {1});
        cache.put(recent, original, new byte[] {2});
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(dir.resolve(old),
                java.nio.file.attribute.FileTime.fromMillis(now - TransformCache.PRUNE_AGE_MS - 60_000));

        cache.prune(now - TransformCache.PRUNE_AGE_MS);

        assertFalse(Files.exists(dir.resolve(old)), "an entry older than the prune age (an earlier build's) goes");
        boolean[] hit = new boolean[1];
        assertArrayEquals(new byte[] {2}, cache.get(recent, original, hit));
        assertTrue(hit[0], "a recent entry stays");
        assertTrue(Files.exists(dir.resolve(TransformCache.SECRET)), "the secret stays");
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
            assertEquals(List.of(TransformCache.SECRET), files.map(f -> f.getFileName().toString()).toList());
        }
        Files.delete(dir.resolve(TransformCache.SECRET));
        Files.delete(dir); // gone under the running JVM: writing fails
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        DeferredTransformer t = new DeferredTransformer(
                List.<Integration>of(new TestIntegration(Set.of("demo.lib.Library"), Set.of())), cache);
        byte[] transformed = t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original);
        assertNotNull(transformed);
        assertNotNull(t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original));
        Files.createDirectory(dir); // for @TempDir's clean-up
    }

    @Test
    void aCraftedEntryIsRefusedDeletedAndTheClassTransformedAgain() throws Exception {
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        List<Integration> integrations =
                List.<Integration>of(new TestIntegration(Set.of("demo.lib.Library"), Set.of()));
        TransformCache cache = TransformCache.at(dir, "build-1");
        String key = cache.key("testlib", false, "demo/lib/Library", original);
        // what an attacker without the secret can do: a well-formed entry for the class, signed with a key of theirs
        byte[] evil = new ByteBuddy().redefine(demo.lib.Library.class).method(named("fit"))
                .intercept(FixedValue.value(-1)).make().getBytes();
        Path elsewhere = Files.createDirectory(dir.resolve("attacker"));
        TransformCache.at(elsewhere, "build-1").put(key, original, evil);
        Files.copy(elsewhere.resolve(key), dir.resolve(key));

        List<String> warnings = Warnings.during(() -> {
            DeferredTransformer t = new DeferredTransformer(integrations, cache);
            byte[] loaded = t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null, original);
            assertTrue(t.byteBuddyStarted(), "the class is transformed afresh");
            Class<?> library = new AgentInstrumenterTest.OneClassLoader().define("demo.lib.Library", loaded);
            assertEquals(42, library.getMethod("fit", int.class).invoke(null, 21), "the crafted body never runs");
            assertEquals(1, Calls.ENTERED.get());
        });
        assertEquals(List.of(), warnings, "a forged entry is deleted quietly, like a damaged one");
        boolean[] hit = new boolean[1];
        byte[] again = TransformCache.at(dir, "build-1").get(key, original, hit);
        assertTrue(hit[0], "the crafted entry was replaced by a genuine one");
        assertFalse(java.util.Arrays.equals(evil, again));
    }

    @Test
    void aFolderOthersMayWriteToIsNotUsedWithOneWarning() throws Exception {
        byte[] original = AgentAnnotationDescriptorsTest.classFile("demo.lib.Library");
        TransformCache good = TransformCache.at(dir, "build-1");
        String key = good.key("testlib", false, "demo/lib/Library", original);
        good.put(key, original, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> warnings = Warnings.during(() -> {
            assertNull(TransformCache.at(dir, "build-1"), "a 0777 folder is refused");
            assertNull(TransformCache.at(dir, "build-1"));
        });
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("transform cache is not used") && warnings.get(0).contains("rwxrwxrwx"),
                warnings.get(0));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir.resolve(key), PosixFilePermissions.fromString("rw-rw-rw-"));
        warnings = Warnings.during(() -> {
            boolean[] hit = new boolean[1];
            TransformCache cache = TransformCache.at(dir, "build-1");
            assertNull(cache.get(key, original, hit));
            assertFalse(hit[0], "an entry others may write to is not used");
            assertFalse(Files.exists(dir.resolve(key)), "but deleted");
            String other = cache.key("testlib", false, "demo/lib/Other", original);
            cache.put(other, original, new byte[] {4});
            assertFalse(Files.exists(dir.resolve(other)), "and the cache is off for this JVM");
        });
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("others may write to it"), warnings.get(0));
    }

    @Test
    void aFolderOfAnotherUserIsNotUsed() throws Exception {
        Path foreign = OtherUsers.folder(dir.resolve("foreign"));
        List<String> warnings = Warnings.during(() -> {
            assertNull(TransformCache.at(foreign, "build-1"));
        });
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("belongs to"), warnings.get(0));
    }

    @Test
    void theSecretIsOwnerOnlyAndASharedOneIsRefused() throws Exception {
        TransformCache.at(dir, "build-1");
        Path secret = dir.resolve(TransformCache.SECRET);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertNotNull(TransformCache.at(dir.resolve("made/by/us"), "build-1"));
        for (String folder : new String[] {"made", "made/by", "made/by/us"}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(folder))),
                    folder + " is created owner-only");
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = Warnings.during(() -> {
            assertNull(TransformCache.at(dir, "build-1"), "a secret others can read signs nothing");
        });
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void theMacIsHmacSha256AndTheDigestTheJdksSha256() throws Exception {
        java.util.Random random = new java.util.Random(7);
        javax.crypto.Mac jdkMac = javax.crypto.Mac.getInstance("HmacSHA256");
        java.security.MessageDigest jdkSha = java.security.MessageDigest.getInstance("SHA-256");
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 108_622}) {
            byte[] data = new byte[length + 10];
            random.nextBytes(data);
            io.jmlflow.internal.Sha256 ours = new io.jmlflow.internal.Sha256();
            ours.update(data, 3, length / 2);
            ours.update(data, 3 + length / 2, length - length / 2); // in two pieces
            jdkSha.update(data, 3, length);
            assertArrayEquals(jdkSha.digest(), ours.digest(), "SHA-256 of " + length + " bytes");
            for (byte[] key : new byte[][] {new byte[32], new byte[100], "k".getBytes()}) {
                random.nextBytes(key);
                jdkMac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
                jdkMac.update("head".getBytes());
                jdkMac.update(data, 3, length);
                assertArrayEquals(jdkMac.doFinal(), new HmacSha256(key).mac("head".getBytes(), data, 3, length),
                        "HMAC of " + length + " bytes with a " + key.length + "-byte key");
            }
        }
    }
}
