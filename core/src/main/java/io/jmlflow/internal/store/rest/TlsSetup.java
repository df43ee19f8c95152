package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowException;
import okhttp3.OkHttpClient;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS the way MLflow's client sets up {@code requests}: {@code insecureTls} trusts any certificate and host name;
 * {@code serverCertPath} is a PEM bundle of the only CAs to trust; {@code clientCertPath} is a PEM holding the
 * client certificate chain and its unencrypted private key (PKCS#8 {@code PRIVATE KEY} or PKCS#1
 * {@code RSA PRIVATE KEY}).
 */
final class TlsSetup {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private TlsSetup() {
    }

    static void apply(OkHttpClient.Builder builder, RestSettings s) {
        if (!s.insecureTls() && s.serverCertPath() == null && s.clientCertPath() == null) return;
        if (s.insecureTls() && s.serverCertPath() != null) {
            throw MlflowException.invalid("MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH cannot "
                    + "both be set");
        }
        try {
            X509TrustManager trust = s.insecureTls() ? new TrustAll()
                    : s.serverCertPath() != null ? trustOnly(Path.of(s.serverCertPath()))
                    : defaultTrust();
            KeyManager[] keys = s.clientCertPath() == null ? null : clientKeys(Path.of(s.clientCertPath()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[]{trust}, null);
            builder.sslSocketFactory(ctx.getSocketFactory(), trust);
            if (s.insecureTls()) builder.hostnameVerifier((host, session) -> true);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new MlflowException(MlflowException.INVALID_PARAMETER_VALUE, "cannot set up TLS for the tracking "
                    + "server: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return firstX509(tmf.getTrustManagers());
    }

    private static X509TrustManager trustOnly(Path bundle) throws IOException, GeneralSecurityException {
        List<X509Certificate> certs = certificates(Files.readString(bundle, StandardCharsets.US_ASCII));
        if (certs.isEmpty()) throw new IllegalArgumentException("no certificate in " + bundle);
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < certs.size(); i++) ks.setCertificateEntry("ca-" + i, certs.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return firstX509(tmf.getTrustManagers());
    }

    private static KeyManager[] clientKeys(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        List<X509Certificate> chain = certificates(text);
        if (chain.isEmpty()) throw new IllegalArgumentException("no certificate in " + pem);
        PrivateKey key = privateKey(text, chain.get(0).getPublicKey().getAlgorithm(), pem);
        char[] pass = new char[0];
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setKeyEntry("client", key, pass, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        return kmf.getKeyManagers();
    }

    static List<X509Certificate> certificates(String pemText) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(pemText);
        while (m.find()) {
            if (!m.group(1).equals("CERTIFICATE")) continue;
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der(m.group(2)))));
        }
        return out;
    }

    private static PrivateKey privateKey(String pemText, String algorithm, Path where) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pemText);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(m.group(2))));
            }
            if (type.equals("RSA PRIVATE KEY")) {
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                        rsaPkcs1ToPkcs8(der(m.group(2)))));
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || type.endsWith(" PRIVATE KEY")) {
                throw new IllegalArgumentException(where + " holds a " + type + "; convert it to an unencrypted PKCS#8 "
                        + "key (openssl pkcs8 -topk8 -nocrypt)");
            }
        }
        throw new IllegalArgumentException("no private key in " + where);
    }

    private static byte[] der(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL parameters). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[]{(byte) n};
        } else if (n < 0x100) {
            len = new byte[]{(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(value, 0, out, 1 + len.length, n);
        return out;
    }

    private static X509TrustManager firstX509(TrustManager[] managers) {
        for (TrustManager tm : managers) if (tm instanceof X509TrustManager x) return x;
        throw new IllegalStateException("no X509TrustManager available");
    }

    /** Accepts every certificate: only for {@code MLFLOW_TRACKING_INSECURE_TLS=true}. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
