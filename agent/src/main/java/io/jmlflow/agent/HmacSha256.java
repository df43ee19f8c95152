package io.jmlflow.agent;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256 {@link MessageDigest}. Not {@code javax.crypto.Mac}: setting up the
 * JCE costs 50-70 ms of class loading in a fresh JVM, where the SUN provider's digest is loaded anyway by the first
 * run id ({@code UUID.randomUUID()}). The keyed inner and outer states are computed once and cloned per MAC.
 */
final class HmacSha256 {
    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;

    HmacSha256(byte[] key) throws GeneralSecurityException {
        byte[] k = key.length > BLOCK ? MessageDigest.getInstance("SHA-256").digest(key) : key;
        inner = keyed(k, (byte) 0x36);
        outer = keyed(k, (byte) 0x5c);
    }

    private static MessageDigest keyed(byte[] key, byte pad) throws GeneralSecurityException {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(block);
        return d;
    }

    /** The MAC of {@code head} followed by {@code length} bytes of {@code data} from {@code from}. */
    byte[] mac(byte[] head, byte[] data, int from, int length) throws CloneNotSupportedException {
        MessageDigest i = (MessageDigest) inner.clone();
        i.update(head);
        i.update(data, from, length);
        MessageDigest o = (MessageDigest) outer.clone();
        o.update(i.digest());
        return o.digest();
    }
}
