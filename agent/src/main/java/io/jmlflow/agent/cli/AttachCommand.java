package io.jmlflow.agent.cli;

import com.sun.tools.attach.VirtualMachine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code java -jar mlflow-agent.jar attach <pid> [agent arguments]}: loads this jar into another JVM. Used by
 * {@code Mlflow.autolog()} when a JVM may not attach to itself (the default since JDK 9).
 */
final class AttachCommand {
    private AttachCommand() {
    }

    static int run(String[] args, PrintStream err) {
        if (args.length < 1) {
            err.println("usage: java -jar mlflow-agent.jar attach <pid> [key=value,...]");
            return 2;
        }
        try {
            Path jar = Paths.get(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            VirtualMachine vm = VirtualMachine.attach(args[0]);
            try {
                vm.loadAgent(jar.toString(), args.length > 1 ? args[1] : "");
            } finally {
                vm.detach();
            }
            return 0;
        } catch (NoClassDefFoundError e) {
            err.println("[mlflow] ERROR: this Java runtime has no jdk.attach module (a JRE or a jlink image without it)");
            return 1;
        } catch (Exception | LinkageError e) {
            String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
            err.println("[mlflow] ERROR: " + message.replace('\n', ' '));
            return 1;
        }
    }
}
