package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for Tribuo. */
class TribuoBehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "tribuo";
    }

    @Override
    protected JavaProcess program(String mode) {
        return AgentJvm.plain(getClass(), TribuoKitProgram.class.getName(), mode);
    }
}
