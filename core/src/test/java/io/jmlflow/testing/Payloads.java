package io.jmlflow.testing;

import java.util.HashSet;
import java.util.Set;

/** Crafted inputs for the tests and benchmarks of what loading a model refuses. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * The classic denial-of-service payload for Java deserialization: each level's two sets both hold both sets of
     * the next level, so hashing the root walks 2^levels paths (30 levels: under 2 kB serialized).
     */
    public static Set<Object> nestedSets(int levels) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < levels; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }
}
