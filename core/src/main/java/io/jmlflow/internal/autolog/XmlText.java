package io.jmlflow.internal.autolog;

/** Text for XML and HTML documents we write (the SVG plots, the model summary page), where it may be user data. */
final class XmlText {
    private XmlText() {
    }

    /** {@code s} escaped (see {@link #append}); "" for null. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s == null ? 0 : s.length() + 16);
        append(b, s);
        return b.toString();
    }

    /**
     * Appends {@code s} with {@code & < > " '} as entities, and characters XML cannot hold (control characters,
     * unpaired surrogates) as U+FFFD, so that no user label makes a document ill-formed. Nothing for null.
     */
    static void append(StringBuilder b, String s) {
        if (s == null) return;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || Character.isSurrogate(c)
                            || c == '\uFFFE' || c == '\uFFFF') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
