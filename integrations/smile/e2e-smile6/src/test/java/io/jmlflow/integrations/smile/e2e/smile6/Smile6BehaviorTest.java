package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for Smile 6 on Java 25 (the same agent jar as Smile 3). */
class Smile6BehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "smile";
    }

    @Override
    protected JavaProcess program(String mode) {
        return Smile6Jvm.plain("Smile6KitProgram", mode);
    }
}
