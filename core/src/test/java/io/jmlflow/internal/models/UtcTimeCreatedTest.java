package io.jmlflow.internal.models;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MLmodel's utc_time_created, written by hand, reads as Python's {@code str(datetime)} with microseconds. */
class UtcTimeCreatedTest {
    @Test
    void matchesTheFormattersOutputForEdgeValues() {
        DateTimeFormatter python = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
        for (LocalDateTime t : new LocalDateTime[] {
                LocalDateTime.of(2026, 12, 6, 22, 49, 21, 548_612_000),
                LocalDateTime.of(2027, 1, 2, 3, 4, 5, 123_000), // microseconds with leading zeros
                LocalDateTime.of(2026, 9, 9, 0, 0, 0, 0),
                LocalDateTime.of(2026, 10, 31, 23, 59, 59, 999_999_999), // nanoseconds are truncated
        }) {
            assertEquals(python.format(t), ModelLogging.utcTimeCreated(t), t.toString());
        }
        assertEquals("2027-01-02 03:04:05.000123",
                ModelLogging.utcTimeCreated(LocalDateTime.of(2027, 1, 2, 3, 4, 5, 123_000)));
    }
}
