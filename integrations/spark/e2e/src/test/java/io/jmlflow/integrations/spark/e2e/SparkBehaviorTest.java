package io.jmlflow.integrations.spark.e2e;

import io.jmlflow.testing.AutologBehaviorKit;
import io.jmlflow.testing.JavaProcess;

/** The behaviours all integrations share, for Spark MLlib (local mode). */
class SparkBehaviorTest extends AutologBehaviorKit {
    @Override
    protected String integration() {
        return "spark";
    }

    @Override
    protected JavaProcess program(String mode) {
        return SparkChildJvm.plain(dir, SparkKitProgram.class, mode);
    }

    /** As MLflow's pyspark autologging: plots would need predictions over the training data, i.e. Spark jobs. */
    @Override
    protected boolean logsPlots() {
        return false;
    }
}
