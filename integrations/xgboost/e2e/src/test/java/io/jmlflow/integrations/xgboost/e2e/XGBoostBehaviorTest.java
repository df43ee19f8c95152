package io.jmlflow.integrations.xgboost.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for XGBoost4J. */
class XGBoostBehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "xgboost";
    }

    @Override
    protected JavaProcess program(String mode) {
        return AgentJvm.plain(getClass(), XGBoostKitProgram.class.getName(), mode);
    }
}
