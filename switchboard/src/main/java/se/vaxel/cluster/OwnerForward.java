package se.vaxel.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a request here when this node owns the PBX, or forwards it to the node that does: plain HTTP (method, URI,
 * end-to-end headers and streamed body there; status, headers and body back) and WebSockets (the owner's socket
 * opened first, then the caller's upgraded, frames and closes relayed both ways with back-pressure). Auth needs
 * nothing here: the bearer header and the sockets' hello pass unchanged, and sessions are cluster-wide.
 *
 * <p>Mount it before a {@code BodyHandler} (it streams the body); with one before it, the read body is sent.
 *
 * <p>Answers of its own, all JSON {@code {"error": ...}}: no owner now, 503 with {@code Retry-After: 2}; the owner not
 * reachable (refused, connect timeout), 503 with {@code Retry-After}, as it never got the request; the owner failing
 * once it had it (idle timeout, connection lost), 502 without, as it may have acted; a request already forwarded once
 * that would be forwarded again ({@value #LOOP_HEADER}: the lease moved in between), 503, never a loop. A forwarded
 * socket whose owner goes without a close frame (its node died) is closed with 1012 so the desk reconnects, through
 * any node, to the new owner.
 *
 * <p>TLS: {@code clientOptions} is used as given for the forwarded HTTP and its TLS settings (ssl, trust, key, host
 * verification) for the WebSockets, so when the nodes serve TLS ({@link se.vaxel.http.Tls}) the caller passes options
 * with {@code setSsl(true)} and a trust store for the nodes' certificates. Start from {@link #clientOptions()}: a 2 s
 * connect timeout and a 30 s idle timeout (a forwarded socket is pinged every third of it, so an idle desk stays up and
 * a silently dead owner is noticed). Runs on the event loop; never blocks.
 */
public final class OwnerForward implements Handler<RoutingContext> {

    /** Where the PBX's owner is right now. */
    public sealed interface Where permits Here, There, Nobody {
    }

    /** This node owns it: the request goes on to this node's routes. */
    public record Here() implements Where {
    }

    /** Another node owns it: forwarded to its HTTP server. */
    public record There(String host, int port) implements Where {
    }

    /** Nobody owns it now (a takeover under way, no quorum): 503, try again shortly. */
    public record Nobody() implements Where {
    }

    /** Set on forwarded requests (to the forwarding node's id), so an owner that moved cannot make a loop. */
    public static final String LOOP_HEADER = "X-Vaxel-Forwarded";
    /** WebSocket "Service Restart": the desk's socket, when the node it was forwarded to is gone. */
    public static final short SERVICE_RESTART = 1012;
    static final String OWNER_GONE = "the node serving the PBX is gone; reconnect";

    private static final Logger log = LoggerFactory.getLogger(OwnerForward.class);
    /** RFC 9110 7.6.1, plus Host (the client sets the owner's) and Proxy-*: never passed on. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "host", "proxy-connection", "proxy-authenticate", "proxy-authorization");
    /** The handshake's own headers: the client makes new ones for the owner. */
    private static final Set<String> HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept");

    private final Vertx vertx;
    private final String nodeId;
    private final Supplier<Where> owner;
    private final HttpClient http;
    private final WebSocketClient sockets; // kept in a field: an unreferenced WebSocketClient gets closed
    private final HttpClientOptions options;

    /** A 2 s connect timeout, a 30 s idle timeout; add TLS to match the nodes' servers. */
    public static HttpClientOptions clientOptions() {
        return new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    public OwnerForward(Vertx vertx, Supplier<Where> owner, HttpClientOptions clientOptions) {
        this(vertx, "1", owner, clientOptions);
    }

    /** {@code nodeId} goes in {@value #LOOP_HEADER}, to tell in the owner's log which node forwarded. */
    public OwnerForward(Vertx vertx, String nodeId, Supplier<Where> owner, HttpClientOptions clientOptions) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.owner = owner;
        this.options = new HttpClientOptions(clientOptions);
        // Every desk's API calls from this node share the connections to the owner: more than Vert.x's 5.
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(32));
        WebSocketClientOptions ws = new WebSocketClientOptions().setMaxConnections(100_000) // one per desk, not pooled
                .setConnectTimeout(options.getConnectTimeout()).setIdleTimeout(options.getIdleTimeout())
                .setIdleTimeoutUnit(options.getIdleTimeoutUnit()).setSsl(options.isSsl()).setVerifyHost(options.isVerifyHost())
                .setTrustAll(options.isTrustAll()).setTrustOptions(options.getTrustOptions()).setKeyCertOptions(options.getKeyCertOptions());
        this.sockets = vertx.createWebSocketClient(ws);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Where where = owner.get();
        if (where instanceof Here) {
            ctx.next();
        } else if (where instanceof There there) {
            if (ctx.request().headers().contains(LOOP_HEADER)) {
                log.warn("{} {} came forwarded from {} and would be forwarded again: refused", ctx.request().method(),
                        ctx.request().path(), ctx.request().getHeader(LOOP_HEADER));
                refuse(ctx, 503, "the PBX's owner moved; try again", true);
            } else if (isUpgrade(ctx.request())) {
                forwardSocket(ctx, there);
            } else {
                forwardHttp(ctx, there);
            }
        } else {
            refuse(ctx, 503, "no node owns the PBX right now; try again in a few seconds", true);
        }
    }

    /** Closes the clients (forwarded sockets with them). */
    public Future<Void> close() {
        return Future.join(http.close(), sockets.close()).mapEmpty();
    }

    private void forwardHttp(RoutingContext ctx, There there) {
        HttpServerRequest req = ctx.request();
        req.pause(); // until the owner's connection is there to take the body
        MultiMap headers = endToEnd(req.headers(), Set.of());
        addForwarded(req, headers);
        RequestOptions out = new RequestOptions().setMethod(req.method()).setHost(there.host()).setPort(there.port())
                .setURI(req.uri()).setHeaders(headers).setConnectTimeout(options.getConnectTimeout())
                .setIdleTimeout(options.getIdleTimeoutUnit().toMillis(options.getIdleTimeout()));
        boolean hasBody = hasBody(req);
        http.request(out).onFailure(e -> unreachable(ctx, there, e)).onSuccess(request -> {
            ctx.response().closeHandler(v -> request.reset()); // the caller went: so does the owner's request
            Future<HttpClientResponse> answer;
            if (ctx.body() != null && ctx.body().available()) {
                answer = request.send(ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer());
            } else if (hasBody) {
                answer = request.send(req);
            } else {
                answer = request.send();
                req.resume();
            }
            answer.onSuccess(response -> relay(ctx, response)).onFailure(e -> failedThere(ctx, there, e));
        });
    }

    private void relay(RoutingContext ctx, HttpClientResponse from) {
        HttpServerResponse to = ctx.response();
        if (to.ended() || to.closed()) {
            return;
        }
        to.setStatusCode(from.statusCode()).setStatusMessage(from.statusMessage());
        to.headers().addAll(endToEnd(from.headers(), Set.of()));
        boolean bodyless = ctx.request().method() == HttpMethod.HEAD || from.statusCode() == 204 || from.statusCode() == 304;
        if (!bodyless && !to.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            to.setChunked(true);
        }
        // A body cut short must not look complete to the caller: reset, not end.
        from.pipe().endOnFailure(false).to(to).onFailure(e -> {
            log.warn("{} {}: the owner's answer broke off: {}", ctx.request().method(), ctx.request().path(), e.toString());
            to.reset();
        });
    }

    private void unreachable(RoutingContext ctx, There there, Throwable e) {
        log.warn("{} {}: the PBX's owner {}:{} cannot be reached: {}", ctx.request().method(), ctx.request().path(),
                there.host(), there.port(), e.toString());
        refuse(ctx, 503, "the node that owns the PBX cannot be reached; try again in a few seconds", true);
    }

    private void failedThere(RoutingContext ctx, There there, Throwable e) {
        log.warn("{} {}: the PBX's owner {}:{} gave no answer: {}", ctx.request().method(), ctx.request().path(),
                there.host(), there.port(), e.toString());
        // It had the request and may have acted on it: no Retry-After to invite a blind repeat.
        refuse(ctx, 502, "the node that owns the PBX gave no answer; the request may or may not have been carried out", false);
    }

    private void forwardSocket(RoutingContext ctx, There there) {
        HttpServerRequest req = ctx.request();
        req.pause();
        MultiMap headers = endToEnd(req.headers(), HANDSHAKE);
        addForwarded(req, headers);
        WebSocketConnectOptions out = new WebSocketConnectOptions().setHost(there.host()).setPort(there.port())
                .setURI(req.uri()).setHeaders(headers).setSsl(options.isSsl());
        String protocols = req.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            out.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList());
        }
        // The owner's socket first: if it cannot be had, the caller gets an HTTP answer and retries, not a dead socket.
        sockets.connect(out).onComplete(ar -> {
            if (ar.failed()) {
                refuseUpgrade(ctx, there, ar.cause());
                return;
            }
            WebSocket ownerSide = ar.result();
            ownerSide.pause(); // nothing is lost while the caller's side is upgraded
            req.toWebSocket().onComplete(up -> {
                if (up.failed()) {
                    log.info("{}: the caller went before its socket was upgraded", req.path());
                    ownerSide.close((short) 1001, "the client went away");
                } else {
                    splice(req.path(), up.result(), ownerSide);
                }
            });
        });
    }

    private void refuseUpgrade(RoutingContext ctx, There there, Throwable e) {
        if (e instanceof UpgradeRejectedException rejected && rejected.getStatus() >= 400 && rejected.getStatus() < 500) {
            // The owner's own answer (no such path, say): said as it is, not as an outage.
            refuse(ctx, rejected.getStatus(), "the node that owns the PBX refused the WebSocket (HTTP " + rejected.getStatus() + ")", false);
            return;
        }
        log.warn("{}: no WebSocket to the PBX's owner {}:{}: {}", ctx.request().path(), there.host(), there.port(), e.toString());
        refuse(ctx, 503, "the node that owns the PBX cannot be reached; try again in a few seconds", true);
    }

    private void splice(String path, ServerWebSocket callerSide, WebSocket ownerSide) {
        try {
            pipe(ownerSide, callerSide);
            // A close frame is relayed from the end handler: after every frame that came before it, in order.
            ownerSide.endHandler(v -> close(callerSide, ownerSide.closeStatusCode(), ownerSide.closeReason()));
            ownerSide.exceptionHandler(e -> log.debug("{}: the owner's side: {}", path, e.toString()));
            long pinger = keepAlive(ownerSide);
            ownerSide.closeHandler(v -> {
                vertx.cancelTimer(pinger);
                if (noCloseFrame(ownerSide)) {
                    log.info("{}: the owner's side ended without a close frame: the caller's closed with 1012", path);
                    close(callerSide, SERVICE_RESTART, OWNER_GONE);
                }
            });
        } catch (IllegalStateException closedMeanwhile) { // Vert.x refuses handlers on a closed socket
            log.info("{}: the owner's side closed while the caller's was upgraded: the caller's closed with 1012", path);
            close(callerSide, SERVICE_RESTART, OWNER_GONE);
            return;
        }
        try {
            pipe(callerSide, ownerSide);
            callerSide.endHandler(v -> close(ownerSide, callerSide.closeStatusCode(), callerSide.closeReason()));
            callerSide.exceptionHandler(e -> log.debug("{}: the caller's side: {}", path, e.toString()));
            callerSide.closeHandler(v -> {
                if (noCloseFrame(callerSide)) {
                    close(ownerSide, (short) 1001, "the client went away");
                }
            });
        } catch (IllegalStateException closedMeanwhile) {
            close(ownerSide, (short) 1001, "the client went away");
            return;
        }
        ownerSide.resume();
    }

    /** Vert.x says 1006 for a connection that ended without a close frame. */
    private static boolean noCloseFrame(WebSocketBase ws) {
        Short code = ws.closeStatusCode();
        return code == null || code == 1006;
    }

    /** Frames one way, pausing the reader while the writer's queue is full. */
    private static void pipe(WebSocketBase from, WebSocketBase to) {
        Handler<Void> drained = v -> from.resume();
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            pauseIfFull(from, to, drained);
        });
        from.binaryMessageHandler(bytes -> {
            to.writeBinaryMessage(bytes);
            pauseIfFull(from, to, drained);
        });
    }

    private static void pauseIfFull(WebSocketBase from, WebSocketBase to, Handler<Void> drained) {
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(drained);
        }
    }

    /** Relays a close, once; codes that may not be sent on the wire become ones that may. */
    private static void close(WebSocketBase ws, Short code, String reason) {
        if (ws.isClosed()) {
            return;
        }
        if (code == null || code == 1005) {
            ws.close();
        } else {
            ws.close(code == 1015 ? (short) 1011 : code, reason);
        }
    }

    /** Pings the owner's side every third of the idle timeout: an idle desk stays up, a dead owner times out. */
    private long keepAlive(WebSocket ownerSide) {
        long idleMs = options.getIdleTimeoutUnit().toMillis(options.getIdleTimeout());
        return idleMs <= 0 ? -1 : vertx.setPeriodic(Math.max(1, idleMs / 3), t -> ownerSide.writePing(Buffer.buffer()));
    }

    /**
     * HTTP/1 says so in its headers; HTTP/2 (h2c) by not having ended the stream, which a GET may not have done yet
     * when the route runs: a GET or HEAD without a length is taken to have none (its body would mean nothing).
     */
    private static boolean hasBody(HttpServerRequest req) {
        if (req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            return !"0".equals(req.getHeader(HttpHeaders.CONTENT_LENGTH));
        }
        if (req.version() != HttpVersion.HTTP_2) {
            return req.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        }
        return !req.isEnded() && req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD;
    }

    private static boolean isUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader(HttpHeaders.UPGRADE);
        return req.method() == HttpMethod.GET && upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** The headers without the hop-by-hop ones, those the Connection header names among them. */
    private static MultiMap endToEnd(MultiMap in, Set<String> alsoDrop) {
        Set<String> drop = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        drop.addAll(HOP_BY_HOP);
        drop.addAll(alsoDrop);
        for (String connection : in.getAll(HttpHeaders.CONNECTION)) {
            Arrays.stream(connection.split(",")).map(String::trim).forEach(drop::add);
        }
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (var h : in) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!drop.contains(name) && !name.startsWith("proxy-")) {
                out.add(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    private void addForwarded(HttpServerRequest req, MultiMap headers) {
        String peer = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
        String before = headers.get("X-Forwarded-For");
        headers.set("X-Forwarded-For", before == null ? peer : before + ", " + peer);
        String proto = req.isSSL() ? "https" : "http";
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", proto);
        }
        String forFor = peer.contains(":") ? "\"[" + peer + "]\"" : peer; // RFC 7239: IPv6 quoted in brackets
        String element = "for=" + forFor + ";proto=" + proto + (req.authority() == null ? "" : ";host=\"" + req.authority().toString(req.isSSL()) + "\"");
        String earlier = headers.get("Forwarded");
        headers.set("Forwarded", earlier == null ? element : earlier + ", " + element);
        headers.set(LOOP_HEADER, nodeId);
    }

    private static void refuse(RoutingContext ctx, int status, String why, boolean retry) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.headWritten()) {
            r.reset();
            return;
        }
        r.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (retry) {
            r.putHeader(HttpHeaders.RETRY_AFTER, "2");
        }
        r.end(new JsonObject().put("error", why).encode());
        if (!ctx.request().isEnded()) {
            ctx.request().resume(); // a body never forwarded is read and dropped, so the connection can be reused
        }
    }
}
