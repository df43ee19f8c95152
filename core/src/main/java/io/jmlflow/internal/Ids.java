package io.jmlflow.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Ids in MLflow's formats: random version-4 UUIDs in hex, as Python's {@code uuid.uuid4().hex} makes them.
 *
 * <p>The random bytes come from the kernel ({@code /dev/urandom}, which Python's {@code os.urandom} and the JDK's own
 * {@code NativePRNG} read too), a few hundred at a time. Not {@code UUID.randomUUID()}: its first call sets up the
 * JDK's security providers and a {@code SecureRandom}, about 15 ms of CPU and a hundred classes in a fresh JVM, paid
 * by every autologged program. Where there is no {@code /dev/urandom} (Windows), a {@link SecureRandom} it is.
 */
public final class Ids {
    private static final String URANDOM = "/dev/urandom";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Random bytes read ahead and not handed out yet: {@code POOL[next..]}. Guarded by {@code Ids.class}. */
    private static final byte[] POOL = new byte[512];
    private static int next = POOL.length;
    private static SecureRandom fallback;

    private Ids() {
    }

    /** A run id: 32 lower-case hex digits. */
    public static String runId() {
        return uuidHex();
    }

    /** A logged model id: {@code m-} and 32 hex digits. */
    public static String modelId() {
        return "m-" + uuidHex();
    }

    /** A random (version 4) UUID as 32 lower-case hex digits, without dashes. */
    public static String uuidHex() {
        byte[] b = new byte[16];
        randomBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }

    /** Fills {@code b} with random bytes (at most {@link #POOL}'s size at once). */
    static synchronized void randomBytes(byte[] b) {
        if (b.length > POOL.length) throw new IllegalArgumentException("at most " + POOL.length + " bytes at once");
        if (POOL.length - next < b.length) refill();
        System.arraycopy(POOL, next, b, 0, b.length);
        java.util.Arrays.fill(POOL, next, next + b.length, (byte) 0); // never handed out twice
        next += b.length;
    }

    private static void refill() {
        if (fallback == null) {
            try (InputStream in = new FileInputStream(URANDOM)) {
                if (in.readNBytes(POOL, 0, POOL.length) == POOL.length) {
                    next = 0;
                    return;
                }
            } catch (IOException | SecurityException noKernelSource) {
                // not a Unix-like system, or not readable here
            }
            fallback = new SecureRandom();
        }
        fallback.nextBytes(POOL);
        next = 0;
    }
}
