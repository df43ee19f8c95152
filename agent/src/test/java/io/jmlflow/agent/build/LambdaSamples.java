package io.jmlflow.agent.build;

import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/** Lambdas and method references of the kinds {@link LambdaDesugarer} rewrites, and one it leaves. */
public class LambdaSamples {
    private final String name;
    private long bumps;

    public LambdaSamples(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public static String upper(String s) {
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    long bump() {
        return ++bumps;
    }

    private int count() {
        return 7;
    }

    static int addCaptured(int x) {
        IntUnaryOperator f = y -> y + x; // a private static lambda capturing an int
        return f.applyAsInt(2);
    }

    /** Every kind once; the result names what each returned. */
    public String run(String suffix) {
        Supplier<String> withThis = () -> name + suffix; // a private instance lambda capturing this and a value
        Function<LambdaSamples, String> virtual = LambdaSamples::name; // a virtual method reference
        Function<String, String> generic = LambdaSamples::upper; // a static one, its argument cast from Object
        Runnable dropsLong = this::bump; // a long result dropped for a void method
        dropsLong.run();
        dropsLong.run();
        Supplier<Integer> boxes = this::count; // needs boxing: left to LambdaMetafactory
        return withThis.get() + "|" + virtual.apply(this) + "|" + generic.apply("abc") + "|" + bumps + "|"
                + boxes.get() + "|" + addCaptured(40);
    }
}
