package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for DL4J. */
class Dl4jBehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "dl4j";
    }

    @Override
    protected JavaProcess program(String mode) {
        return Dl4jChildJvm.plain(dir, Dl4jKitProgram.class, mode);
    }
}
