package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Smile's file readers ({@code smile.io.Read}, {@code CSV.read}): names the data frame after its file. */
final class ReadAdvice {
    private ReadAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.AllArguments Object[] args, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object frame) {
        SmileHooks.read(args, frame);
    }
}
