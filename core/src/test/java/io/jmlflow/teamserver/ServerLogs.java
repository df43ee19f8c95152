package io.jmlflow.teamserver;

import io.jmlflow.testing.MlflowServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What an MLflow server logged (uvicorn's access lines), across its restarts. */
final class ServerLogs {
    private ServerLogs() {
    }

    static boolean contains(MlflowServer server, String text) {
        return count(server, text) > 0;
    }

    static long count(MlflowServer server, String text) {
        try (Stream<Path> logs = Files.list(server.dir())) {
            long n = 0;
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    n += lines.filter(l -> l.contains(text)).count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
