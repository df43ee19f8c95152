package io.jmlflow.internal.store.sqlite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Artifact URIs are joined with one '/' between parts, a query string kept at the end. */
class SqlTextTest {
    @Test
    void joinsSegmentsWithOneSlashAndKeepsTheQuery() {
        assertEquals("file:///a/b/c", SqlText.joinUri("file:///a", "//b", "c"));
        assertEquals("file:///a/b", SqlText.joinUri("file:///a/", "/b", "", "///"));
        assertEquals("s3://bucket/x/1/artifacts?region=eu", SqlText.joinUri("s3://bucket/x?region=eu", "1", "artifacts"));
        assertEquals("/b", SqlText.joinUri("", "b"));
    }
}
