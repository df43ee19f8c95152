package io.jmlflow.agent.cli;

import io.jmlflow.internal.Redaction;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.MlflowConfig;
import io.jmlflow.agent.Integrations;
import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.internal.annotations.TrackedCalls;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.entities.ViewType;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar mlflow-agent.jar doctor [key=value,...]}: prints the configuration as the agent resolves it
 * ({@link MlflowConfig#describe()}), the tracking URI, and whether the store opens and, when local, is writable.
 * No line shows a password or token ({@link Redaction}).
 * Arguments use the agent-argument syntax, so {@code doctor tracking.uri=file:/tmp/mlruns} checks another store.
 * Exit code 0 when the store is usable, 1 when not.
 */
final class DoctorCommand {
    private final PrintStream out;

    DoctorCommand(PrintStream out) {
        this.out = out;
    }

    /** Prints one line, credentials masked ({@link Redaction}). */
    private void line(String text) {
        out.println(Redaction.text(text));
    }

    int run(String[] args) {
        for (String a : args) MlflowConfig.setAgentArguments(a);
        Redaction.remember(MlflowConfig.get(MlflowConfig.TRACKING_URI));
        line("jmlflow agent " + AgentCli.version() + " on Java " + Runtime.version() + " ("
                + System.getProperty("java.home") + ")");
        line("configuration (agent arguments, -Dmlflow.* properties, MLFLOW_* variables):");
        Map<String, String> config = MlflowConfig.describe();
        if (config.isEmpty()) line("  (nothing set; defaults apply)");
        for (Map.Entry<String, String> e : config.entrySet()) line("  " + e.getKey() + " = " + e.getValue());
        line("autologging: " + AutologState.options());
        line("annotations: " + (TrackedCalls.isEnabled() ? "on" : "off (annotations.enabled=false)"));
        List<Integration> integrations = Integrations.load(DoctorCommand.class.getClassLoader());
        StringBuilder names = new StringBuilder();
        for (Integration i : integrations) names.append(names.length() == 0 ? "" : ", ").append(i.name());
        line("integrations: " + (names.length() == 0 ? "none bundled" : names));

        String uri = MlflowConfig.trackingUri();
        line("tracking URI: " + Redaction.uri(uri));
        boolean ok = checkStore(uri);
        line(ok ? "OK" : "PROBLEMS FOUND");
        return ok ? 0 : 1;
    }

    private boolean checkStore(String uri) {
        try (TrackingStore store = Stores.open(uri)) {
            int experiments = store.searchExperiments(ViewType.ALL, 1000, null, null, null).items().size();
            line("store: opens: " + store.describe() + "; " + experiments + " experiment(s) visible");
        } catch (RuntimeException | LinkageError e) {
            line("store: does NOT open: " + e.getMessage());
            return false;
        }
        Path dir = localDirectory(uri);
        if (dir == null) {
            line("store: remote; writes are checked by the server");
            return true;
        }
        try {
            Path probe = Files.createTempFile(dir, ".mlflow-doctor", ".tmp");
            Files.delete(probe);
            line("store: writable (" + dir + ")");
            return true;
        } catch (IOException | RuntimeException e) {
            line("store: NOT writable (" + dir + "): " + e);
            return false;
        }
    }

    /** The local directory a store writes into, or null for a remote store. */
    static Path localDirectory(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) return null;
        Path p;
        if (lower.startsWith("sqlite:")) {
            String rest = uri.substring("sqlite:".length());
            if (rest.startsWith("///")) rest = rest.substring(3);
            else if (rest.startsWith("//")) rest = rest.substring(2);
            Path db = Paths.get(rest).toAbsolutePath();
            p = db.getParent();
        } else if (lower.startsWith("file:")) {
            String rest = uri.substring("file:".length());
            p = rest.startsWith("/") ? Paths.get(URI.create(uri)) : Paths.get(rest);
        } else {
            p = Paths.get(uri);
        }
        return p.toAbsolutePath().normalize();
    }
}
