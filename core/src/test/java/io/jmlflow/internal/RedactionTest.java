package io.jmlflow.internal;

import io.jmlflow.MlflowException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {
    @Test
    void uriKeepsTheUserAndMasksThePasswordAndSecretParameters() {
        assertEquals("http://alice:****@host:5000/", Redaction.uri("http://alice:pw1@host:5000/"));
        assertEquals("https://****@host/", Redaction.uri("https://tok3n@host/"));
        assertEquals("http://host/?token=****&x=1&password=****",
                Redaction.uri("http://host/?token=abc&x=1&password=p"));
        assertEquals("http://alice:****@127.0.0.1:1/", Redaction.uri("http://alice:p@ss/w0rd@127.0.0.1:1/"),
                "a password holding '@' and '/' is masked whole");
        assertEquals("https://alice:****@host:notaport/", Redaction.uri("https://alice:pw1@host:notaport/"));
        assertEquals("file:///home/me/runs@2024/mlruns", Redaction.uri("file:///home/me/runs@2024/mlruns"));
        assertEquals("http://host:5000/team@x/", Redaction.uri("http://host:5000/team@x/"), "an '@' in a path stays");
        assertEquals("sqlite:///mlflow.db", Redaction.uri("sqlite:///mlflow.db"));
        assertEquals("http://host:5000/?token=****", Redaction.withoutCredentials("http://bob:x@host:5000/?token=t"));
    }

    @Test
    void textMasksUriUserInfoSecretParametersAndRememberedSecrets() {
        assertEquals("cannot reach http://alice:****@host:5000/api and https://****@h/x?api_key=****",
                Redaction.text("cannot reach http://alice:Pa55@host:5000/api and https://t0k@h/x?api_key=k"));
        assertEquals("a user@example.com mail stays", Redaction.text("a user@example.com mail stays"));

        Redaction.remember("http://carol:Sw0rd@fish/S3cr3tPiece@127.0.0.1:1/");
        // what a parser that split the password at '/' prints: the rest of the password as a path
        String text = Redaction.text("GET http://fish/S3cr3tPiece@127.0.0.1:1/api failed");
        assertFalse(text.contains("S3cr3tPiece"), text);
        Redaction.rememberSecret("env-token-123");
        assertEquals("server said: bad token ****", Redaction.text("server said: bad token env-token-123"));
    }

    @Test
    void everyLogLineAndExceptionMessageIsMasked() throws Exception {
        List<String> lines = io.jmlflow.testing.Warnings.during(() -> {
            Log.warn("cannot open http://dave:L0gPass@host:1/");
            Log.info("summary -> http://dave:L0gPass@host:1/?password=L0gPass");
        });
        assertEquals(2, lines.size());
        for (String l : lines) assertFalse(l.contains("L0gPass"), l);
        MlflowException e = new MlflowException(MlflowException.IO_ERROR, "store http://dave:ExcPass@host/ is away");
        assertTrue(e.getMessage().contains("http://dave:****@host/"), e.getMessage());
    }
}
