package io.jmlflow.internal.search;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Offset page tokens in MLflow's form: base64 of {@code {"offset": N}}. */
public final class PageTokens {
    private PageTokens() {
    }

    public static int offset(String token) {
        if (token == null || token.isEmpty()) return 0;
        try {
            String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            String digits = json.replaceAll("[^0-9]", "");
            return Integer.parseInt(digits);
        } catch (RuntimeException e) {
            throw MlflowException.invalid("Invalid page token '" + token + "'");
        }
    }

    public static String token(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The page at {@code token} of an already filtered and sorted list. */
    public static <T> Page<T> page(List<T> all, int maxResults, String token) {
        int from = Math.min(offset(token), all.size());
        int to = Math.min(all.size(), from + Math.max(1, maxResults));
        return new Page<>(all.subList(from, to), to < all.size() ? token(to) : null);
    }
}
