package io.jmlflow.agent;

import io.jmlflow.internal.annotations.ParamFlattener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentParamFlattenerTest {
    record Optimizer(String name, double lr) {
    }

    record Config(int epochs, Optimizer optimizer, List<Integer> layers) {
    }

    enum Mode { FAST, EXACT }

    public static final class Bean {
        public int getTrees() { return 100; }

        public boolean isBootstrap() { return true; }

        public String getURL() { return "http://x"; }

        public static int getStatic() { return 1; }

        public int get() { return 2; }

        public String toString() { return "Bean"; }
    }

    static final class FieldsOnly {
        private final double alpha = 0.5;
        private transient int skipped = 3;
        private static int alsoSkipped = 4;
        FieldsOnly self = this;
    }

    static final class BrokenToString {
        @Override
        public String toString() {
            throw new IllegalStateException("no");
        }
    }

    private static Map<String, String> flat(String key, Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        assertTrue(ParamFlattener.flatten(key, value, out));
        return out;
    }

    @Test
    void scalarsAreLoggedAsText() {
        assertEquals(Map.of("k", "0.1"), flat("k", 0.1));
        assertEquals(Map.of("k", "None"), flat("k", null), "as Python writes None");
        assertEquals(Map.of("k", "EXACT"), flat("k", Mode.EXACT));
        assertEquals(Map.of("k", "[1, 2]"), flat("k", new int[]{1, 2}));
        assertEquals(Map.of("k", "['a', ['b']]"), flat("k", new Object[]{"a", new String[]{"b"}}));
        assertEquals(Map.of("k", "[3, 4]"), flat("k", List.of(3, 4)));
        assertEquals(Map.of("k", "PT1S"), flat("k", Duration.ofSeconds(1)));
        assertEquals(Map.of("k", "7"), flat("k", Optional.of(7)));
        assertEquals(Map.of("k", "java.lang.String"), flat("k", String.class));
        assertEquals(Map.of("k", "0.0001"), flat("k", 1e-4), "Python's repr, not 1.0E-4");
        assertEquals(Map.of("k", "[1e-05, 100.0, True, None]"), flat("k", Arrays.asList(1e-5, 100.0, true, null)));
    }

    @Test
    void recordsNestToDottedKeys() {
        Map<String, String> out = flat("config", new Config(10, new Optimizer("adam", 0.001), List.of(64, 32)));
        assertEquals(Map.of("config.epochs", "10", "config.optimizer.name", "adam", "config.optimizer.lr", "0.001",
                "config.layers", "[64, 32]"), out);
    }

    @Test
    void pojosGiveTheirGettersOrElseTheirFields() {
        assertEquals(Map.of("b.trees", "100", "b.bootstrap", "True", "b.URL", "http://x"), flat("b", new Bean()));
        assertEquals(Map.of("f.alpha", "0.5"), flat("f", new FieldsOnly()), "transient, static and the cycle are left out");
    }

    @Test
    void mapsNestAndCyclesStop() {
        Map<Object, Object> m = new HashMap<>();
        m.put("a", 1);
        m.put(2, Map.of("b", true));
        m.put("self", m);
        assertEquals(Map.of("m.a", "1", "m.2.b", "True"), flat("m", m));
        assertEquals(Map.of("e", "{}"), flat("e", Map.of()));
    }

    @Test
    void depthIsBounded() {
        Map<String, Object> deep = Map.of("leaf", 1);
        for (int i = 0; i < 8; i++) deep = Map.of("n" + i, deep);
        Map<String, String> out = flat("d", deep);
        assertEquals(1, out.size());
        String key = out.keySet().iterator().next();
        assertEquals(ParamFlattener.MAX_DEPTH, key.split("\\.").length - 1, key);
        assertTrue(out.get(key).startsWith("{"), "the rest as text: " + out);
    }

    @Test
    void oneValueGivesAtMostMaxKeys() {
        Map<String, Integer> big = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) big.put("k" + i, i);
        Map<String, String> out = new LinkedHashMap<>();
        assertFalse(ParamFlattener.flatten("big", big, out));
        assertEquals(ParamFlattener.MAX_KEYS, out.size());
    }

    @Test
    void brokenToStringGivesTheTypeName() {
        assertEquals(Map.of("x", "<" + BrokenToString.class.getName() + ">"), flat("x", new BrokenToString()));
    }
}
