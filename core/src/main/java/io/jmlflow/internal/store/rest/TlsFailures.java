package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowHttpException;
import io.jmlflow.internal.Failures;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/**
 * Tells a TLS failure (the server's certificate is not trusted, its name does not match, the handshake failed) from a
 * server that does not answer: it is a set-up problem that no retry or spool replay fixes by itself, and the message
 * says what to change.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /** A {@code TLS_ERROR} for {@code e} when it is a TLS failure, else null. */
    static MlflowHttpException from(Throwable e, String request) {
        boolean certificate = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // a handshake cut short by a restarting server is an outage, not a certificate problem
            if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || t instanceof SSLPeerUnverifiedException) {
                certificate = true;
            }
        }
        if (!certificate) return null;
        String what = "the server's certificate is not trusted or does not match its name (set"
                + " MLFLOW_TRACKING_SERVER_CERT_PATH to the CA bundle that signed it, or"
                + " MLFLOW_TRACKING_INSECURE_TLS=true to skip the check)";
        return new MlflowHttpException(Failures.TLS_ERROR, "TLS error on " + request + ": " + what + ": "
                + oneLine(e.getMessage()), 0, e);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }
}
