package io.jmlflow.agent;

import demo.lib.Calls;
import io.jmlflow.autolog.spi.HookAdvice;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;

/** An integration for {@code demo.lib}, with switches for its declared library and to make its transformation fail. */
final class TestIntegration implements Integration {
    private final Set<String> names;
    private final Set<String> prefixes;
    Library library = Library.of("Demo", "demo", "demo-lib").versions("[1.0,2.0)");
    boolean failTransform;

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
    public Library library() {
        return library;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        if (failTransform) throw new IllegalStateException("simulated integration bug");
        return builder.visit(HookAdvice.to(FitAdvice.class).on(named("fit")));
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
