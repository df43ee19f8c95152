package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for Smile 3 on Java 17. */
class SmileBehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "smile";
    }

    @Override
    protected JavaProcess program(String mode) {
        return AgentJvm.plain(getClass(), SmileKitProgram.class.getName(), mode);
    }
}
