package io.jmlflow.internal.models;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
            assertEquals(python.format(t), ModelLogging.utcTimeCreated(t.toInstant(ZoneOffset.UTC)), t.toString());
        }
        assertEquals("2027-01-02 03:04:05.000123",
                ModelLogging.utcTimeCreated(LocalDateTime.of(2027, 1, 2, 3, 4, 5, 123_000).toInstant(ZoneOffset.UTC)));
        // every day of four centuries (leap years, century rules) and random instants agree with java.time's calendar
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (long day = -146_097; day < 2 * 146_097; day += 1) {
            long second = day * 86_400 + random.nextLong(86_400);
            Instant i = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertEquals(python.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)), ModelLogging.utcTimeCreated(i), i.toString());
        }
    }
}
