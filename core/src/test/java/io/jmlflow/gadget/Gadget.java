package io.jmlflow.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A class whose deserialization runs code: what a crafted model file would smuggle in. */
public final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How often {@link #readObject} ran in this JVM. */
    public static final AtomicInteger RAN = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        RAN.incrementAndGet();
    }
}
