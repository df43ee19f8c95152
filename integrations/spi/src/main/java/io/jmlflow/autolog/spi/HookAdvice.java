package io.jmlflow.autolog.spi;

import io.jmlflow.internal.autolog.AutologTesting;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.pool.TypePool;

/**
 * How integrations create their advice: {@code HookAdvice.to(FitAdvice.class)} instead of {@code Advice.to}. The
 * advice class is described from its class file (reflection would create a proxy class per annotation, which is
 * slow at the first instrumented class), and what its {@code suppress = Throwable.class} handler does follows the
 * guard's testing mode: it swallows (production) or, under {@code -Djmlflow.testing.reraise=true}, hands the
 * throwable to {@link #rethrow}, so that a failure {@link AutologGuard#failed} raises reaches the test. (A call, not
 * Byte Buddy's rethrowing handler: its {@code athrow} leaves the default value the advice then returns without a
 * stack map frame, which the verifier rejects for advice that returns a value.)
 */
public final class HookAdvice {
    private HookAdvice() {
    }

    public static Advice to(Class<?> advice) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(advice.getClassLoader());
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        Advice a = Advice.to(pool.describe(advice.getName()).resolve(), locator);
        if (!AutologTesting.reraise()) return a;
        MethodDescription rethrow = pool.describe(HookAdvice.class.getName()).resolve().getDeclaredMethods()
                .filter(net.bytebuddy.matcher.ElementMatchers.named("rethrow")).getOnly();
        return a.withExceptionHandler(MethodInvocation.invoke(rethrow));
    }

    /** Called by advice built under tests with what it would have suppressed; throws it on, unchanged. */
    public static void rethrow(Throwable t) {
        HookAdvice.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
