package se.vaxel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;

/** The switchboard over TLS when configured: HTTPS answers, plain HTTP on the same port does not; bad settings stop it. */
class TlsTest {

    private static final String PASSWORD = "store-" + System.nanoTime();

    @TempDir
    Path dir;

    /** A self-signed key pair for localhost, made by the JDK's own keytool. */
    private Path keyStore() throws Exception {
        Path store = dir.resolve("vaxel.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "vaxel", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        return store;
    }

    @Test
    void theApiAnswersOverTlsAndNotInPlainText() throws Exception {
        Path store = keyStore();
        Map<String, String> settings = Map.of("VAXEL_TLS_KEYSTORE_FILE", store.toString(), "VAXEL_TLS_KEYSTORE_PASSWORD", PASSWORD);
        try (SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", 1, "vaxel", "unused"), settings)) {
            int port = sb.verticle().httpPort();
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                trusted.load(in, PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/matters")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), "over TLS, and still behind the log-in: " + r.body());

            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/matters")).build(), HttpResponse.BodyHandlers.ofString()),
                    "plain HTTP gets no answer on a TLS port");
        }
    }

    @Test
    void badSettingsSayWhat() {
        for (Map<String, String> bad : List.of(Map.of("VAXEL_TLS_CERT_FILE", "/nope/cert.pem"),
                Map.of("VAXEL_TLS_KEYSTORE_FILE", "/nope/store.p12"),
                Map.of("VAXEL_TLS_KEYSTORE_FILE", "/nope/store.p12", "VAXEL_TLS_KEYSTORE_PASSWORD", "x"),
                Map.of("VAXEL_TLS_CERT_FILE", "/a", "VAXEL_TLS_KEY_FILE", "/b", "VAXEL_TLS_KEYSTORE_FILE", "/c"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tls.serverOptions(bad));
            assertTrue(e.getMessage().startsWith("TLS: "), e.getMessage());
        }
        assertEquals(false, Tls.serverOptions(Map.of()).isSsl(), "no TLS settings: plain HTTP");
    }
}
