package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH and MLFLOW_TRACKING_CLIENT_CERT_PATH against an
 * HTTPS server whose certificates (a private CA, a server and a client certificate) keytool makes per run.
 */
class RestTlsTest {
    private static final String PASS = "changeit";
    private static final String EXPERIMENT = "{\"experiment\": {\"experiment_id\": \"3\", \"name\": \"tls\"}}";

    @TempDir
    static Path pki;
    private static Path caPem;
    private static Path clientPem;
    private static Path clientPkcs1Pem;

    private MockWebServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=jmlflow-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASS,
                "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-file", "ca.pem");
        signed("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
        signed("client", "CN=jmlflow-client", null, "EKU=clientAuth");
        caPem = pki.resolve("ca.pem");

        KeyStore client = load(pki.resolve("client.p12"));
        byte[] pkcs8 = client.getKey("client", PASS.toCharArray()).getEncoded();
        StringBuilder chain = new StringBuilder();
        for (Certificate c : client.getCertificateChain("client")) chain.append(pem("CERTIFICATE", c.getEncoded()));
        clientPem = Files.writeString(pki.resolve("client.pem"), chain + pem("PRIVATE KEY", pkcs8));
        // PKCS#8 of a 2048-bit RSA key: 26 bytes of header, then the PKCS#1 RSAPrivateKey in an OCTET STRING
        assertEquals(0x04, pkcs8[22]);
        clientPkcs1Pem = Files.writeString(pki.resolve("client-pkcs1.pem"), pem("RSA PRIVATE KEY",
                Arrays.copyOfRange(pkcs8, 26, pkcs8.length)) + chain);
    }

    private static void signed(String name, String dname, String san, String eku) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "2",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-storepass", PASS, "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12",
                "-storepass", PASS, "-infile", name + ".csr", "-outfile", name + ".pem", "-rfc", "-validity", "2",
                "-ext", eku));
        if (san != null) gencert.addAll(List.of("-ext", san));
        keytool(gencert.toArray(new String[0]));
        keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", name + ".p12", "-storepass", PASS,
                "-noprompt");
        keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", name + ".p12", "-storepass", PASS,
                "-noprompt");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "keytool " + cmd + ":\n" + out);
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @BeforeEach
    void startHttps() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(pki.resolve("server.p12")), PASS.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", load(pki.resolve("ca.p12")).getCertificate("ca"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = new MockWebServer();
        server.useHttps(ctx.getSocketFactory(), false);
        server.enqueue(new MockResponse().setBody(EXPERIMENT));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private String getExperimentName(RestSettings tls) {
        return RestStore.open(server.url("/").toString(), tls.withRetries(0, 0, 0)).getExperiment("3").name();
    }

    @Test
    void anUnknownCaIsRefusedByDefaultAsATlsErrorNotAnOutage() {
        MlflowException e = assertThrows(MlflowException.class, () -> getExperimentName(RestSettings.defaults()));
        assertEquals(io.jmlflow.internal.Failures.TLS_ERROR, e.errorCode());
        assertFalse(e.isTransient(), "a certificate problem is not an outage: waiting does not fix it");
        assertTrue(e.getMessage().contains("certificate is not trusted") && e.getMessage().contains(
                "MLFLOW_TRACKING_SERVER_CERT_PATH"), e.getMessage());
        assertTrue(e.getCause() instanceof javax.net.ssl.SSLException, String.valueOf(e.getCause()));
    }

    @Test
    void aRunOnAServerWhoseCertificateIsNotTrustedIsToldSoAndKeptInTheSpool() throws Exception {
        java.util.List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.function.Consumer<String> listener = lines::add;
        io.jmlflow.internal.Log.addListener(listener);
        io.jmlflow.RuntimeTestSupport.resetMlflow();
        try {
            io.jmlflow.MlflowConfig.set("spool.dir", pki.resolve("spool").toString());
            io.jmlflow.Mlflow.setTrackingUri(server.url("/").toString());
            try (io.jmlflow.ActiveRun run = io.jmlflow.Mlflow.startRun("untrusted")) {
                run.logMetric("m", 1);
            }
        } finally {
            io.jmlflow.internal.Log.removeListener(listener);
            io.jmlflow.RuntimeTestSupport.resetMlflow();
        }
        String all = String.join("\n", lines);
        assertTrue(all.contains("does not accept this client: TLS error") && all.contains("certificate is not trusted"),
                all);
        assertFalse(all.contains("unreachable"), "a certificate problem is not an outage: " + all);
        assertTrue(all.contains("local spool"), all);
    }

    @Test
    void serverCertPathTrustsThatCa() {
        assertEquals("tls", getExperimentName(RestSettings.defaults().withTls(false, caPem.toString(), null)));
    }

    @Test
    void insecureTlsAcceptsAnyCertificate() {
        assertEquals("tls", getExperimentName(RestSettings.defaults().withTls(true, null, null)));
    }

    @Test
    void insecureTlsAndAServerCertificateExcludeEachOther() {
        MlflowException e = assertThrows(MlflowException.class,
                () -> getExperimentName(RestSettings.defaults().withTls(true, caPem.toString(), null)));
        assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode());
    }

    @Test
    void clientCertificateInPkcs8OrPkcs1IsPresented() throws Exception {
        server.requireClientAuth();
        server.enqueue(new MockResponse().setBody(EXPERIMENT));
        assertEquals("tls", getExperimentName(RestSettings.defaults().withTls(false, caPem.toString(),
                clientPem.toString())));
        assertEquals("tls", getExperimentName(RestSettings.defaults().withTls(false, caPem.toString(),
                clientPkcs1Pem.toString())));
        assertEquals(2, server.getRequestCount());
        assertThrows(MlflowException.class, () -> getExperimentName(RestSettings.defaults()
                .withTls(false, caPem.toString(), null)));
        assertEquals(2, server.getRequestCount());
    }
}
