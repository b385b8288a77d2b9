package se.vaxel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's address for the audit log: the peer's, unless a node of the cluster forwarded the request (its loop
 * header) from a peer trusted as such, when it is the address that node added last to X-Forwarded-For.
 */
class ClientAddressTest {

    private final Vertx vertx = Vertx.vertx();
    private final Auth auth = new Auth(vertx, () -> null, Users.NONE);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aForwardedRequestCountsAsFromTheCallerOnlyWhenItsForwarderIsTrusted() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end(auth.clientAddress(r)))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient();
        Map<String, String> forwarded = Map.of("X-Vaxel-Forwarded", "10.0.0.12", "X-Forwarded-For", "192.0.2.66, 10.1.2.3");

        assertEquals("127.0.0.1", ask(client, server.actualPort(), forwarded), "a forwarder not trusted: the peer");
        auth.trustForwardsFrom("127.0.0.1"::equals);
        assertEquals("10.1.2.3", ask(client, server.actualPort(), forwarded),
                "the address the forwarding node added last, not what the caller wrote before it");
        assertEquals("127.0.0.1", ask(client, server.actualPort(), Map.of("X-Forwarded-For", "10.1.2.3")),
                "no forward of the cluster's: the header is the caller's own claim");
        assertEquals("127.0.0.1", ask(client, server.actualPort(), Map.of()));
    }

    private static String ask(HttpClient client, int port, Map<String, String> headers) throws Exception {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/");
        headers.forEach(o::addHeader);
        return client.request(o).compose(r -> r.send().compose(res -> res.body())).await(10, TimeUnit.SECONDS).toString();
    }
}
