package io.jmlflow.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {
    @Test
    void digestsAsTheJdksSha256WholeAndInPieces() throws Exception {
        Random random = new Random(11);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_001}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] expected = jdk.digest(data);
            assertArrayEquals(expected, Sha256.of(data), "SHA-256 of " + length + " bytes");
            Sha256 pieces = new Sha256();
            pieces.update(data, 0, length / 3);
            Sha256 copy = pieces.copy(); // a copy goes on independently
            pieces.update(data, length / 3, length - length / 3);
            copy.update(data, length / 3, length - length / 3);
            assertArrayEquals(expected, pieces.digest(), "in pieces, " + length + " bytes");
            assertArrayEquals(expected, copy.digest(), "from a copy, " + length + " bytes");
        }
    }

    @Test
    void spoolFolderNamesAreTheOnesEarlierVersionsMadeWithTheJdksDigest() throws Exception {
        // Leftovers of an earlier version are found by name: the name must not change with the digest's implementation.
        for (String uri : new String[] {"sqlite:///tmp/x/mlflow.db", "http://127.0.0.1:5000", "file:///tmp/r\u00e9sum\u00e9"}) {
            StoreIdentity id = StoreIdentity.of(uri);
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.key().getBytes(StandardCharsets.UTF_8));
            String readable = StoreIdentity.readable(id.key());
            if (readable.length() > 60) readable = readable.substring(readable.length() - 60);
            assertEquals(readable + '-' + HexFormat.of().formatHex(h, 0, 6), id.folderName(), uri);
        }
    }
}
