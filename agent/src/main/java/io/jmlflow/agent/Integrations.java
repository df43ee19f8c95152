package io.jmlflow.agent;

import io.jmlflow.MlflowConfig;
import io.jmlflow.autolog.spi.Integration;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link Integration}s bundled in the agent jar (and any others on the class path) through ServiceLoader. */
public final class Integrations {
    private Integrations() {
    }

    /**
     * The integrations to install: all found, except those switched off at start-up with
     * {@code autolog.<name>.enabled=false}, which are then not instrumented at all. A provider that fails to load is
     * reported in one line and skipped.
     */
    public static List<Integration> load(ClassLoader loader) {
        List<Integration> out = new ArrayList<Integration>();
        Iterator<Integration> it = ServiceLoader.load(Integration.class, loader).iterator();
        int failures = 0;
        while (failures < 100) { // bounded: a broken service file must not keep premain looping
            try {
                if (!it.hasNext()) break;
                Integration integration = it.next();
                if (MlflowConfig.getBoolean("autolog." + integration.name() + ".enabled", true)) out.add(integration);
            } catch (ServiceConfigurationError e) {
                failures++;
                System.err.println("[mlflow] WARNING: an autologging integration could not be loaded and is off: "
                        + e.getMessage());
            }
        }
        return out;
    }
}
