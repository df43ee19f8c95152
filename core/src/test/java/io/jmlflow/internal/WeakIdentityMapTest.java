package io.jmlflow.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WeakIdentityMapTest {

    @Test
    void keysAreComparedByIdentityNotEquality() {
        WeakIdentityMap<List<String>, String> map = new WeakIdentityMap<>();
        List<String> a = List.of("x");
        List<String> b = List.of("x");
        map.put(a, "first");
        assertEquals("first", map.get(a));
        assertNull(map.get(b), "an equal but different key is another key");
        map.put(b, "second");
        assertEquals("first", map.get(a));
        assertEquals(2, map.size());
    }
}
