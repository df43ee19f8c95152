package io.jmlflow.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything we print: every log line ({@link Log}), every {@code doctor} line and every
 * {@code MlflowException} message pass through {@link #text}. It masks the user info of URIs
 * ({@code http://alice:****@host}), the values of query parameters that carry secrets ({@code ?token=****},
 * {@code password}, {@code secret}, {@code key}, {@code sig}...), and every secret {@link #remember remembered}:
 * the credentials of a tracking URI that was opened (also when it does not parse: a password holding {@code @} or
 * {@code /} is found as the text between {@code ://} and the last {@code @}), the tracking password and token.
 */
public final class Redaction {
    private static final String MASK = "****";
    /** Secrets shorter than this are not searched for in free text: they would mask ordinary words. */
    private static final int MIN_SECRET = 3;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    /** Compiled on first need only: most messages hold neither user info nor parameters (a run's summary line). */
    private static final class Patterns {
        /** {@code scheme://} then user info up to an {@code @} in the same authority. */
        static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s'\"<>@]*)@");
        static final Pattern SECRET_PARAM = Pattern.compile(
                "([?&;](?:[A-Za-z0-9_.-]*(?i:token|password|passwd|secret)[A-Za-z0-9_.-]*"
                        + "|(?i:pwd|key|apikey|api_key|sig|signature|x-amz-signature|x-amz-credential))=)[^&#\\s'\"<>]*");
    }

    private Redaction() {
    }

    /** Remembers the credentials in {@code uri} (user info, secret query parameters) so that no message shows them. */
    public static void remember(String uri) {
        if (uri == null) return;
        String userInfo = userInfo(uri);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String secret = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            rememberSecret(secret);
            // what a parser that stopped at the first '/' or '@' of such a password would print instead
            for (String piece : secret.split("[@/:]")) {
                if (piece.length() >= 4 && !allDigits(piece)) rememberSecret(piece);
            }
        }
        if (uri.indexOf('=') < 0) return;
        Matcher m = Patterns.SECRET_PARAM.matcher(uri);
        while (m.find()) rememberSecret(uri.substring(m.end(1), m.end()));
    }

    /** Remembers one secret (a password, a token) so that no message shows it. */
    public static void rememberSecret(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET) SECRETS.add(secret);
    }

    /**
     * The user info of {@code uri} as a person meant it: between {@code ://} and the last {@code @} before the query
     * ({@code alice:p@ss/word} in {@code http://alice:p@ss/word@host/}, which a URI parser reads as host {@code ss}),
     * or null.
     */
    public static String userInfo(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) return null;
        start += 3;
        int end = uri.length();
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start || uri.charAt(start) == '/') return null; // file:///..., sqlite:///...: no authority
        String info = uri.substring(start, at);
        int slash = info.indexOf('/');
        if (slash < 0) return info;
        // "host/path@x" and "host:5000/path@x" are paths with an '@'; "alice:p@ss/word@host" a password with a '/'
        int colon = info.lastIndexOf(':', slash);
        return colon < 0 || allDigits(info.substring(colon + 1, slash)) ? null : info;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return true;
    }

    /**
     * {@code uri} for messages: {@code http://alice:****@host/?token=****} (the user name stays, the password and
     * secret parameters do not), whether or not it parses.
     */
    public static String uri(String uri) {
        if (uri == null) return null;
        String userInfo = userInfo(uri);
        String out = uri;
        if (userInfo != null) {
            int start = uri.indexOf("://") + 3;
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : userInfo.substring(0, colon);
            String shown = user.isEmpty() || user.contains("/") || user.contains("@") ? MASK : user + ":" + MASK;
            out = uri.substring(0, start) + shown + uri.substring(start + userInfo.length());
        }
        return maskParameters(out);
    }

    private static String maskParameters(String text) {
        return text.indexOf('=') < 0 ? text : Patterns.SECRET_PARAM.matcher(text).replaceAll("$1" + MASK);
    }

    /** {@code uri} with no user info at all and secret parameters masked ({@code http://host:5000/?token=****}). */
    public static String withoutCredentials(String uri) {
        String userInfo = userInfo(uri);
        String out = uri;
        if (userInfo != null) {
            int start = uri.indexOf("://") + 3;
            out = uri.substring(0, start) + uri.substring(start + userInfo.length() + 1);
        }
        return maskParameters(out);
    }

    /** {@code text} with the user info of URIs in it, secret query parameters and remembered secrets masked. */
    public static String text(String text) {
        if (text == null) return null;
        String out = text;
        if (SECRETS.isEmpty() && out.indexOf('@') < 0 && out.indexOf('=') < 0) return out;
        for (String secret : SECRETS) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        if (out.indexOf('@') >= 0 && out.contains("://")) {
            out = Patterns.USER_INFO.matcher(out).replaceAll(Redaction::maskUserInfo);
        }
        return maskParameters(out);
    }

    private static String maskUserInfo(java.util.regex.MatchResult m) {
        String info = m.group(2);
        int colon = info.indexOf(':');
        String shown = colon <= 0 ? MASK : info.substring(0, colon) + ":" + MASK;
        return Matcher.quoteReplacement(m.group(1) + shown + "@");
    }
}
