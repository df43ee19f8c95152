package io.jmlflow.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A small synchronized map with weakly held keys compared by identity: what autologging remembers about a user's
 * models and data never keeps them alive, and equal but distinct objects stay apart.
 */
public final class WeakIdentityMap<K, V> {
    private final Map<Key, V> map = new HashMap<>();
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    public synchronized V get(K key) {
        expunge();
        return map.get(new Key(key, null));
    }

    public synchronized void put(K key, V value) {
        expunge();
        map.put(new Key(key, queue), value);
    }

    public synchronized int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        for (Object k; (k = queue.poll()) != null; ) map.remove(k);
    }

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Key)) return false;
            Object mine = get();
            return mine != null && mine == ((Key) o).get();
        }
    }
}
