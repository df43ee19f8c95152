package io.jmlflow.autolog.spi;

import io.jmlflow.internal.autolog.AutologTesting;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HookAdviceTest {
    /** A library method. */
    public static final class Library {
        public static int fit(int rows) {
            return rows * 2;
        }
    }

    /** A hook with a bug in it; its enter returns a value for the exit, as hooks that track a call do. */
    public static final class BrokenAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter() {
            if (Boolean.getBoolean("no.such.property.ever")) return true;
            throw new IllegalStateException("hook bug");
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean tracked) {
            if (tracked) throw new IllegalStateException("not reached");
        }
    }

    @AfterEach
    void tearDown() {
        AutologTesting.reraiseForTesting(false);
    }

    private static Method advisedFit() throws Exception {
        Class<?> type = new ByteBuddy().redefine(Library.class).visit(HookAdvice.to(BrokenAdvice.class).on(named("fit")))
                .make().load(new ClassLoader(HookAdviceTest.class.getClassLoader()) { },
                        ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
        return type.getMethod("fit", int.class);
    }

    @Test
    void aBrokenHookIsSwallowedAndTheLibraryCallRunsAsWritten() throws Exception {
        assertEquals(42, advisedFit().invoke(null, 21));
    }

    @Test
    void underTestsItReachesTheCaller() throws Exception {
        AutologTesting.reraiseForTesting(true);
        Method fit = advisedFit();
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> fit.invoke(null, 21));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
