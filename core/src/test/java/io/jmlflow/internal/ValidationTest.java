package io.jmlflow.internal;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.testing.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {
    /** For tests that take a plain Runnable (BatchingLoggerTest): {@link Warnings#during}. */
    static List<String> captureWarnings(Runnable body) {
        try {
            return Warnings.during(body::run);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void validKeysPassUnchanged() throws Exception {
        Metric m = new Metric("train/loss:avg 1.0-x", 1, 1, 0);
        assertSame(m, Validation.metric(m));
        assertTrue(Validation.isValidKey("a/b.c_d-e f:g"));
        assertFalse(Validation.isValidKey("../up"));
        assertFalse(Validation.isValidKey("/abs"));
    }

    /** ASCII names are checked without the regex; every ASCII character is judged as the Unicode-aware regex does. */
    @Test
    void everyAsciiCharacterIsJudgedAsMlflowsRegexAndOthersByTheRegex() {
        java.util.regex.Pattern python = java.util.regex.Pattern.compile("^[/\\w.\\- :]*$",
                java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
        for (char c = 1; c < 0x80; c++) {
            String key = "a" + c + "b";
            assertEquals(python.matcher(key).matches(), Validation.isValidKey(key), "character " + (int) c);
        }
        assertTrue(Validation.isValidKey("größe_über"), "letters outside ASCII are word characters in Python too");
        assertFalse(Validation.isValidKey("cost€"), "a currency sign is not");
    }

    @Test
    void keysMlflowRefusesAreDroppedWithOneWarningNamingTheRuleNeverRenamed() throws Exception {
        List<String> w = Warnings.during(() -> {
            assertNull(Validation.metric(new Metric("loss(train)", 1, 1, 0)));
            assertNull(Validation.metric(new Metric("loss(train)", 2, 1, 1)));
            assertNull(Validation.metric(new Metric("loss[train]", 1, 1, 0)));
            assertNull(Validation.param(new Param("a/../b", "1")));
        });
        assertEquals(3, w.size(), "one warning per key: " + w);
        assertTrue(w.get(0).contains("metric 'loss(train)' is not logged: MLflow names may only contain"), w.get(0));
        assertTrue(w.get(2).contains("param 'a/../b' is not logged") && w.get(2).contains("resolves to 'b'"), w.get(2));
    }

    @Test
    void pathRulesAreThoseOfPythonsNormpath() throws Exception {
        String[] refused = {"../../etc/passwd", "..", ".", "", "/abs", "a/", "a//b", "./a", "a/./b", "a/..", "..a"};
        for (String bad : refused) {
            assertFalse(Validation.isValidKey(bad), bad);
        }
        for (String good : new String[] {" ", "a b:c", "größe", "a/b", "a..b", "a/...", "train/loss"}) {
            assertTrue(Validation.isValidKey(good), good);
        }
        assertEquals("b", Validation.normPath("a/../b"));
        assertEquals("../x", Validation.normPath("../x"));
        assertEquals("//a", Validation.normPath("//a"));
        assertEquals("/a", Validation.normPath("///a/."));
        assertEquals(".", Validation.normPath(""));
    }

    @Test
    void overLongKeysAreRefusedAndOverLongValuesTruncated() throws Exception {
        String longKey = "k".repeat(251);
        List<String> w = Warnings.during(() -> {
            assertNull(Validation.param(new Param(longKey, "v")));
            Param p = Validation.param(new Param("p", "v".repeat(7000)));
            assertEquals(6000, p.value().length());
            Tag t = Validation.tag(new Tag("t", "x".repeat(9000)));
            assertEquals(8000, t.value().length());
            assertNull(Validation.experimentTag(new Tag("e", "x".repeat(20_001))), "experiment tags are not cut");
        });
        assertEquals(4, w.size(), w.toString());
        assertTrue(w.get(0).contains("longer than MLflow's limit of 250 characters"), w.get(0));
        assertTrue(w.get(1).contains("truncated to MLflow's limit of 6000"), w.get(1));
    }

    @Test
    void nullValuesAreWrittenAsPythonWritesNone() throws Exception {
        assertEquals("None", Validation.param(new Param("p", null)).value());
        assertEquals("None", Validation.tag(new Tag("t", null)).value());
    }

    @Test
    void negativeTimestampsAreRefused() throws Exception {
        assertNull(Validation.metric(new Metric("m", 1, -1, 0)));
        assertEquals(-5, Validation.metric(new Metric("m", 1, 0, -5)).step(), "any step is fine");
    }

    @Test
    void namesOfExperimentsModelsAndAliases() throws Exception {
        assertNull(Validation.experimentNameProblem("a/b:c " + "e".repeat(400)));
        assertTrue(Validation.experimentNameProblem("e".repeat(501)).contains("at most 500"));
        assertTrue(Validation.experimentNameProblem("") != null);
        for (String bad : new String[] {"../x", "a:b", ".", "..", "", " "}) {
            assertTrue(Validation.registeredModelNameProblem(bad) != null, bad);
        }
        assertNull(Validation.registeredModelNameProblem("fraud model v2"));
        for (String bad : new String[] {"my.model", "m%1", "a'b", "a\"b", "a/b", "a:b", ""}) {
            assertTrue(Validation.loggedModelNameProblem(bad) != null, bad);
        }
        assertNull(Validation.loggedModelNameProblem("model-1"));
        for (String bad : new String[] {"latest", "LATEST", "v1", "V12", "a b", "", "a.b"}) {
            assertTrue(Validation.aliasProblem(bad) != null, bad);
        }
        assertNull(Validation.aliasProblem("champion_2"));
    }

    @Test
    void nonFiniteMetricsAreKeptWithOneWarningPerKey() throws Exception {
        List<String> w = Warnings.during(() -> {
            for (int i = 0; i < 5; i++) {
                Metric m = Validation.metric(new Metric("div_loss", Double.NaN, 1, i));
                assertTrue(Double.isNaN(m.value()));
            }
            assertEquals(Double.POSITIVE_INFINITY, Validation.metric(new Metric("grad", Double.POSITIVE_INFINITY, 1, 0)).value());
        });
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).contains("metric 'div_loss' has the value NaN"), w.get(0));
    }

    @Test
    void emptyKeysAreRefusedButABlankOneIsAValidName() throws Exception {
        assertNull(Validation.metric(new Metric("", 1, 1, 0)));
        assertEquals(" ", Validation.param(new Param(" ", "x")).key(), "MLflow accepts ' ' as a name");
    }
}
