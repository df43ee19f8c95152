package io.jmlflow.agent;

import io.jmlflow.internal.Sha256;

/**
 * HMAC-SHA256 (RFC 2104) over {@link Sha256}. Neither {@code javax.crypto.Mac} nor the JDK's {@code MessageDigest}:
 * in a fresh JVM, setting up the JCE costs 50-70 ms of class loading and the security providers' SHA-256 about
 * 40 ms, paid by every program start that hits the transform cache. The keyed inner and outer states are computed
 * once and copied per MAC.
 */
final class HmacSha256 {
    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private final Sha256 inner;
    private final Sha256 outer;

    HmacSha256(byte[] key) {
        byte[] k = key;
        if (k.length > BLOCK) {
            Sha256 d = new Sha256();
            d.update(key);
            k = d.digest();
        }
        inner = keyed(k, (byte) 0x36);
        outer = keyed(k, (byte) 0x5c);
    }

    private static Sha256 keyed(byte[] key, byte pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        Sha256 d = new Sha256();
        d.update(block);
        return d;
    }

    /** The MAC of {@code head} followed by {@code length} bytes of {@code data} from {@code from}. */
    byte[] mac(byte[] head, byte[] data, int from, int length) {
        Sha256 i = inner.copy();
        i.update(head);
        i.update(data, from, length);
        Sha256 o = outer.copy();
        o.update(i.digest());
        return o.digest();
    }
}
