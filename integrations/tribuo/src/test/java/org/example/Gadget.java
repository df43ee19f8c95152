package org.example;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs code when deserialized, from a package neither Tribuo's nor the model's: what a crafted file smuggles in. */
public final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final AtomicInteger RAN = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        RAN.incrementAndGet();
    }
}
