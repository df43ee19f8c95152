package io.jmlflow.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids look like Python's {@code uuid.uuid4().hex}, never repeat, and spool folder names stay readable. */
class IdsTest {
    @Test
    void runAndModelIdsAreVersionFourUuidsInHexAsMlflowMakesThem() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) { // many refills of the read-ahead pool
            String id = Ids.runId();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            UUID parsed = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
        String model = Ids.modelId();
        assertTrue(model.matches("m-[0-9a-f]{32}"), model);
    }

    @Test
    void randomBytesAreNotAllTheSameAndRefuseMoreThanThePoolAtOnce() {
        byte[] a = new byte[16], b = new byte[16];
        Ids.randomBytes(a);
        Ids.randomBytes(b);
        assertTrue(!java.util.Arrays.equals(a, b));
        assertThrows(IllegalArgumentException.class, () -> Ids.randomBytes(new byte[513]));
    }

    @Test
    void spoolFolderNamesReplaceEachRunOfOtherCharactersByOneUnderscore() {
        for (String key : new String[] {"sqlite:////tmp/x/mlflow.db", "http://user@host:5000/a b", "__a..b--c__", "", "äöü/x"}) {
            assertEquals(key.replaceAll("[^A-Za-z0-9.-]+", "_"), StoreIdentity.readable(key), key);
        }
    }
}
