package io.jmlflow.internal;

/**
 * Whether text starts with a URI scheme ({@code letter (letter | digit | + | . | -)* ':'}), the test MLflow's path
 * helpers make; written out, as these run on every run's start (a regex compiles each time it is used this way).
 */
public final class UriScheme {
    private UriScheme() {
    }

    /** A scheme of two characters or more ({@code "C:\..."} is a Windows drive, not a URI). */
    public static boolean present(String s) {
        return length(s) >= 2;
    }

    /** A scheme of any length, one letter included. */
    public static boolean presentAnyLength(String s) {
        return length(s) >= 1;
    }

    /** The length of the scheme {@code s} starts with (before its ':'), or 0. */
    private static int length(String s) {
        if (s == null || s.isEmpty() || !isLetter(s.charAt(0))) return 0;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') return i;
            if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') return 0;
        }
        return 0;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
