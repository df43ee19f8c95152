package io.jmlflow.internal;

/**
 * SHA-256 (FIPS 180-4) in plain Java, for the agent's transform cache MAC and the names we hash (spool folders, upload
 * journals). Not the JDK's {@code MessageDigest}: in a JVM that has not used the security providers yet, getting one
 * loads and initializes about 130 classes (the provider framework, and the VarHandles its SHA-2 reads words with),
 * some 40 ms of CPU in every program that logs a run; this class loads nothing. Its output is checked against the
 * JDK's in the tests.
 */
public final class Sha256 {
    private static final int[] INITIAL = {
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private final int[] h = INITIAL.clone();
    private final byte[] buffer = new byte[64];
    private final int[] w = new int[64];
    private int buffered;
    private long total;

    /** The SHA-256 of {@code data}. */
    public static byte[] of(byte[] data) {
        Sha256 d = new Sha256();
        d.update(data);
        return d.digest();
    }

    /** A copy of this digest's state (the keyed inner and outer states of an HMAC are copied per use). */
    public Sha256 copy() {
        Sha256 c = new Sha256();
        System.arraycopy(h, 0, c.h, 0, 8);
        System.arraycopy(buffer, 0, c.buffer, 0, buffered);
        c.buffered = buffered;
        c.total = total;
        return c;
    }

    public void update(byte[] data) {
        update(data, 0, data.length);
    }

    public void update(byte[] data, int from, int length) {
        total += length;
        int i = from;
        int end = from + length;
        if (buffered > 0) {
            int n = Math.min(64 - buffered, length);
            System.arraycopy(data, i, buffer, buffered, n);
            buffered += n;
            i += n;
            if (buffered < 64) return;
            compress(buffer, 0);
            buffered = 0;
        }
        for (; i + 64 <= end; i += 64) compress(data, i);
        buffered = end - i;
        System.arraycopy(data, i, buffer, 0, buffered);
    }

    /** The digest of everything updated so far; this object is spent afterwards. */
    public byte[] digest() {
        long bits = total * 8;
        byte[] pad = new byte[buffered < 56 ? 64 - buffered : 128 - buffered];
        pad[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) pad[pad.length - 1 - i] = (byte) (bits >>> (8 * i));
        update(pad);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (h[i] >>> 24);
            out[4 * i + 1] = (byte) (h[i] >>> 16);
            out[4 * i + 2] = (byte) (h[i] >>> 8);
            out[4 * i + 3] = (byte) h[i];
        }
        return out;
    }

    /**
     * One 64-byte block. Unrolled by hand (8 rounds, 8 schedule words, 4 loaded words per loop pass), with the
     * rotations written out: a cache hit hashes some tens of kilobytes once per process, and with one loop pass per
     * round the JIT compiled this method with C2 on each run (about 9 ms of CPU for code used once), while calls to
     * {@code Integer.rotateRight} are calls in the interpreter. The variables' roles rotate instead of moving values.
     */
    private void compress(byte[] block, int off) {
        int[] w = this.w;
        for (int t = 0, o = off; t < 16; t += 4, o += 16) {
            w[t] = (block[o + 0] << 24) | ((block[o + 1] & 0xff) << 16) | ((block[o + 2] & 0xff) << 8)
                    | (block[o + 3] & 0xff);
            w[t + 1] = (block[o + 4] << 24) | ((block[o + 5] & 0xff) << 16) | ((block[o + 6] & 0xff) << 8)
                    | (block[o + 7] & 0xff);
            w[t + 2] = (block[o + 8] << 24) | ((block[o + 9] & 0xff) << 16) | ((block[o + 10] & 0xff) << 8)
                    | (block[o + 11] & 0xff);
            w[t + 3] = (block[o + 12] << 24) | ((block[o + 13] & 0xff) << 16) | ((block[o + 14] & 0xff) << 8)
                    | (block[o + 15] & 0xff);
        }
        int x;
        int y;
        for (int t = 16; t < 64; t += 8) {
            x = w[t - 15];
            y = w[t - 2];
            w[t] = w[t - 16] + w[t - 7] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 14];
            y = w[t - 1];
            w[t + 1] = w[t - 15] + w[t - 6] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 13];
            y = w[t];
            w[t + 2] = w[t - 14] + w[t - 5] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 12];
            y = w[t + 1];
            w[t + 3] = w[t - 13] + w[t - 4] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 11];
            y = w[t + 2];
            w[t + 4] = w[t - 12] + w[t - 3] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 10];
            y = w[t + 3];
            w[t + 5] = w[t - 11] + w[t - 2] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 9];
            y = w[t + 4];
            w[t + 6] = w[t - 10] + w[t - 1] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
            x = w[t - 8];
            y = w[t + 5];
            w[t + 7] = w[t - 9] + w[t] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3))
                    + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
        }
        int a = this.h[0];
        int b = this.h[1];
        int c = this.h[2];
        int d = this.h[3];
        int e = this.h[4];
        int f = this.h[5];
        int g = this.h[6];
        int h = this.h[7];
        for (int t = 0; t < 64; t += 8) {
            h += (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7)))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
            d += h;
            h += (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10)))
                    + ((a & b) ^ (a & c) ^ (b & c));
            g += (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7)))
                    + ((d & e) ^ (~d & f)) + K[t + 1] + w[t + 1];
            c += g;
            g += (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10)))
                    + ((h & a) ^ (h & b) ^ (a & b));
            f += (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7)))
                    + ((c & d) ^ (~c & e)) + K[t + 2] + w[t + 2];
            b += f;
            f += (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10)))
                    + ((g & h) ^ (g & a) ^ (h & a));
            e += (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7)))
                    + ((b & c) ^ (~b & d)) + K[t + 3] + w[t + 3];
            a += e;
            e += (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10)))
                    + ((f & g) ^ (f & h) ^ (g & h));
            d += (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7)))
                    + ((a & b) ^ (~a & c)) + K[t + 4] + w[t + 4];
            h += d;
            d += (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10)))
                    + ((e & f) ^ (e & g) ^ (f & g));
            c += (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7)))
                    + ((h & a) ^ (~h & b)) + K[t + 5] + w[t + 5];
            g += c;
            c += (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10)))
                    + ((d & e) ^ (d & f) ^ (e & f));
            b += (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7)))
                    + ((g & h) ^ (~g & a)) + K[t + 6] + w[t + 6];
            f += b;
            b += (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10)))
                    + ((c & d) ^ (c & e) ^ (d & e));
            a += (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7)))
                    + ((f & g) ^ (~f & h)) + K[t + 7] + w[t + 7];
            e += a;
            a += (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10)))
                    + ((b & c) ^ (b & d) ^ (c & d));
        }
        this.h[0] += a;
        this.h[1] += b;
        this.h[2] += c;
        this.h[3] += d;
        this.h[4] += e;
        this.h[5] += f;
        this.h[6] += g;
        this.h[7] += h;
    }
}
