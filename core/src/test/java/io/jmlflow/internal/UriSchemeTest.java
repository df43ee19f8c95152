package io.jmlflow.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UriSchemeTest {
    /** The same answers as the regexes MLflow's helpers use (and ours used before). */
    @Test
    void answersAsTheSchemeRegexes() {
        for (String s : List.of("sqlite:///mlflow.db", "file:./mlruns", "file:", "s3://bucket/x", "mlflow-artifacts:/x",
                "http://h:5000", "C:\\runs", "C:/runs", "c:", "/abs/path", "rel/path", "./mlruns", "", "a+b.c-d:e",
                "1abc:x", "ab_c:x", "ab", ":x", "x:", "git+ssh://h", "jdbc:sqlite:x", "weird scheme:x")) {
            assertEquals(s.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*"), UriScheme.present(s), s);
            assertEquals(s.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*"), UriScheme.presentAnyLength(s), s);
        }
    }
}
