package io.jmlflow.autolog.spi;

import io.jmlflow.internal.autolog.AutologTesting;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * How integrations create their advice: {@code HookAdvice.to(FitAdvice.class)} instead of {@code Advice.to}. The
 * advice class is described from its class file (reflection would create a proxy class per annotation, which is
 * slow at the first instrumented class), and its {@code suppress = Throwable.class} handler follows the guard's
 * testing mode: it swallows (production) or, under {@code -Djmlflow.testing.reraise=true}, rethrows, so that a
 * failure {@link AutologGuard#failed} raises reaches the test.
 */
public final class HookAdvice {
    private HookAdvice() {
    }

    public static Advice to(Class<?> advice) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(advice.getClassLoader());
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        Advice a = Advice.to(pool.describe(advice.getName()).resolve(), locator);
        return AutologTesting.reraise() ? a.withExceptionHandler(Advice.ExceptionHandler.Default.RETHROWING) : a;
    }
}
