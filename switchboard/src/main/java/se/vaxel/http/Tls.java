package se.vaxel.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TLS for the HTTP API, the desks and their WebSocket, when configured: a PEM certificate chain and key
 * ({@code VAXEL_TLS_CERT_FILE}, {@code VAXEL_TLS_KEY_FILE}), or a PKCS#12 key store ({@code VAXEL_TLS_KEYSTORE_FILE}
 * with {@code VAXEL_TLS_KEYSTORE_PASSWORD}). Without them the switchboard speaks plain HTTP, for loopback or
 * behind a TLS-terminating proxy. Files are checked at start, so a typo stops Växel rather than serving plain HTTP.
 */
public final class Tls {

    private Tls() {}

    /** The server's options: TLS 1.2 and 1.3 only when configured, plain otherwise. */
    public static HttpServerOptions serverOptions(Map<String, String> settings) {
        HttpServerOptions options = new HttpServerOptions();
        String cert = text(settings, "VAXEL_TLS_CERT_FILE");
        String key = text(settings, "VAXEL_TLS_KEY_FILE");
        String store = text(settings, "VAXEL_TLS_KEYSTORE_FILE");
        if (cert == null && key == null && store == null) {
            return options;
        }
        if (store != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("TLS: give either VAXEL_TLS_CERT_FILE and VAXEL_TLS_KEY_FILE (PEM) or "
                    + "VAXEL_TLS_KEYSTORE_FILE (PKCS#12), not both");
        }
        if (store != null) {
            String password = settings.get("VAXEL_TLS_KEYSTORE_PASSWORD");
            if (password == null) {
                throw new IllegalArgumentException("TLS: VAXEL_TLS_KEYSTORE_PASSWORD must be set with VAXEL_TLS_KEYSTORE_FILE");
            }
            options.setKeyCertOptions(new KeyStoreOptions().setType("PKCS12").setPath(readable(store, "VAXEL_TLS_KEYSTORE_FILE"))
                    .setPassword(password));
        } else {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("TLS: VAXEL_TLS_CERT_FILE and VAXEL_TLS_KEY_FILE go together");
            }
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(readable(cert, "VAXEL_TLS_CERT_FILE"))
                    .setKeyPath(readable(key, "VAXEL_TLS_KEY_FILE")));
        }
        options.setSsl(true);
        options.getEnabledSecureTransportProtocols().clear();
        options.addEnabledSecureTransportProtocol("TLSv1.2").addEnabledSecureTransportProtocol("TLSv1.3");
        return options;
    }

    private static String text(Map<String, String> settings, String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String readable(String file, String setting) {
        if (!Files.isReadable(Path.of(file))) {
            throw new IllegalArgumentException("TLS: " + setting + " names no readable file: " + file);
        }
        return file;
    }
}
