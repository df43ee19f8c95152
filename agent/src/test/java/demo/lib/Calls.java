package demo.lib;

import java.util.concurrent.atomic.AtomicInteger;

/** What the test integration's advice saw. */
public final class Calls {
    public static final AtomicInteger ENTERED = new AtomicInteger();
    public static volatile Object lastReturned;

    private Calls() {
    }
}
