package io.jmlflow.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar mlflow-agent.jar <command>}: {@code --help}, {@code doctor}, {@code sync}, {@code --version}. */
public final class AgentCli {
    static final String HELP = String.join("\n",
            "jmlflow agent: MLflow tracking and autologging for JVM training code.",
            "",
            "As an agent:",
            "  java -javaagent:mlflow-agent.jar[=key=value,...] -jar your-app.jar",
            "  (or call Mlflow.autolog() in the application: it attaches this jar at run time)",
            "",
            "Commands:",
            "  java -jar mlflow-agent.jar --help            this text",
            "  java -jar mlflow-agent.jar --version         the agent's version",
            "  java -jar mlflow-agent.jar doctor [k=v,...]  show the configuration and check the tracking store",
            "  java -jar mlflow-agent.jar sync [--all]      replay what was spooled for the configured store",
            "                                               (every store with --all) while it did not answer",
            "",
            "Configuration: one key, three spellings; the first found wins:",
            "  agent argument      -javaagent:mlflow-agent.jar=autolog.log.models=false,experiment.name=fraud",
            "  system property     -Dmlflow.autolog.log.models=false",
            "  environment         MLFLOW_AUTOLOG_LOG_MODELS=false",
            "Keys:",
            "  tracking.uri                  where runs go (MLFLOW_TRACKING_URI; default sqlite:///mlflow.db)",
            "  experiment.name, experiment.id, run.id",
            "  autolog.disable               turn autologging off (default false)",
            "  autolog.log.models            log trained models (default true)",
            "  autolog.log.input.examples    log input examples with models (default false)",
            "  autolog.log.model.signatures  log model signatures (default true)",
            "  autolog.exclusive             never log into runs the user started (default false)",
            "  autolog.silent                no info lines or warnings (default false)",
            "  autolog.<library>.enabled     one integration on/off, e.g. autolog.smile.enabled=false",
            "  annotations.enabled           @TrackRun/@LogParam/@LogMetric/@LogModel handling (default true)",
            "  agent.enabled                 false turns the agent off without removing -javaagent",
            "  agent.jar                     where Mlflow.autolog() finds this jar if not on the class path",
            "");

    private AgentCli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "--help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "--help":
            case "-h":
            case "help":
                out.print(HELP);
                return 0;
            case "--version":
                out.println("jmlflow agent " + version());
                return 0;
            case "doctor":
                return new DoctorCommand(out).run(rest);
            case "sync":
                return new SyncCommand(out).run(rest);
            case "attach":
                return AttachCommand.run(rest, err);
            default:
                err.println("unknown command '" + command + "'");
                err.print(HELP);
                return 2;
        }
    }

    static String version() {
        String v = AgentCli.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
