package io.jmlflow.agent;

import demo.lib.Calls;
import io.jmlflow.autolog.spi.Integration;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;

/** An integration for {@code demo.lib}, with switches to make its shape check or its transformation fail. */
final class TestIntegration implements Integration {
    private final Set<String> names;
    private final Set<String> prefixes;
    String mismatch;
    boolean failTransform;
    int shapeChecks;

    TestIntegration(Set<String> names, Set<String> prefixes) {
        this.names = names;
        this.prefixes = prefixes;
    }

    @Override
    public String name() {
        return "testlib";
    }

    @Override
    public Set<String> typeNames() {
        return names;
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return prefixes;
    }

    @Override
    public String shapeMismatch(TypePool types) {
        shapeChecks++;
        if (mismatch != null) return mismatch;
        return types.describe("demo.lib.Library").isResolved() ? null : "demo.lib.Library is missing";
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        if (failTransform) throw new IllegalStateException("simulated integration bug");
        return builder.visit(Advice.to(FitAdvice.class).on(named("fit")));
    }

    static final class FitAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Calls.ENTERED.incrementAndGet();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
            Calls.lastReturned = returned;
        }
    }
}
