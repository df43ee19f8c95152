package io.jmlflow.autolog.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionRangeTest {
    @Test
    void versionsCompareAsMavenOrdersThem() {
        assertTrue(VersionRange.compare("3.10", "3.9") > 0, "numbers, not text");
        assertEquals(0, VersionRange.compare("3.1", "3.1.0"));
        assertTrue(VersionRange.compare("1.0.0-beta7", "1.0.0-M1") < 0);
        assertTrue(VersionRange.compare("1.0.0-M1", "1.0.0-M2.1") < 0);
        assertTrue(VersionRange.compare("1.0.0-M2.1", "1.0.0-rc1") < 0);
        assertTrue(VersionRange.compare("1.0.0-rc1", "1.0.0-SNAPSHOT") < 0);
        assertTrue(VersionRange.compare("1.0.0-SNAPSHOT", "1.0.0") < 0);
        assertTrue(VersionRange.compare("1.0.0", "1.0.0-sp1") < 0);
        assertTrue(VersionRange.compare("1.0.1", "1.0.0-sp1") > 0);
        assertTrue(VersionRange.compare("6.3.0", "6.0") > 0);
    }

    @Test
    void rangesHaveInclusiveAndExclusiveEnds() {
        VersionRange r = VersionRange.parse("[3.0,4.0)");
        assertTrue(r.contains("3.0") && r.contains("3.1.1") && r.contains("3.99"));
        assertFalse(r.contains("4.0.0") || r.contains("2.6.0"));
        assertTrue(r.contains("4.0.0-M1"), "as in Maven: a milestone comes before its release");
        assertTrue(VersionRange.parse("[1.0.0-M1,1.1)").contains("1.0.0-M2.1"));
        assertFalse(VersionRange.parse("[1.0.0-M1,1.1)").contains("1.0.0-beta7"));
        assertTrue(VersionRange.parse("[4.3.2]").contains("4.3.2"));
        assertFalse(VersionRange.parse("[4.3.2]").contains("4.3.3"));
        assertTrue(VersionRange.parse("[2.0,)").contains("99"));
        assertTrue(VersionRange.parse("(,2.0]").contains("2.0"));
        assertFalse(VersionRange.parse("(1.0,2.0)").contains("1.0"));
        assertEquals("[3.0,4.0)", r.toString());
    }

    @Test
    void malformedRangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VersionRange.parse("3.0"));
        assertThrows(IllegalArgumentException.class, () -> VersionRange.parse("[1,2,3]"));
        assertThrows(IllegalArgumentException.class, () -> VersionRange.parse("(1.0)"));
    }

    @Test
    void aLibraryWithSeveralRangesSupportsEach() {
        Library smile = Library.of("Smile", "com.github.haifengl", "smile-core").versions("[3.0,4.0)", "[6.0,7.0)");
        assertTrue(smile.supports("3.1.1") && smile.supports("6.3.0"));
        assertFalse(smile.supports("5.0.0"));
        assertEquals("[3.0,4.0) or [6.0,7.0)", smile.supportedVersions());
    }
}
