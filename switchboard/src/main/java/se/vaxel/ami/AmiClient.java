package se.vaxel.ami;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiEncoder;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * A manager-interface client for one Asterisk: connects, logs in, keeps the link alive, reconnects with
 * backoff, matches responses to actions and hands events on in batches.
 *
 * <p>All I/O and all of this client's state live on one Netty event loop thread for the client's whole
 * life, so reconnecting a hundred times creates no thread, and nothing here ever blocks a caller: actions
 * return a future. The listener is called on that thread and must only hand the events on (the switchboard
 * posts them to its own event loop); a slow listener would stall the socket, not lose events.
 */
public final class AmiClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmiClient.class);

    /** {@code STANDBY}: not connected, by choice, until {@link #start()} (another node owns the PBX). */
    public enum State { CONNECTING, LOGGING_IN, UP, DOWN, STANDBY, CLOSED }

    /**
     * Called on the client's I/O thread: hand the work off and return. Whoever takes the events reports
     * them done with {@link AmiClient#consumed(int)}; past a backlog of {@link #HIGH_WATER} events the
     * client stops reading the socket, so a stalled consumer pushes back on Asterisk through TCP instead
     * of filling the heap.
     */
    public interface Listener {
        void onUp(AmiBanner banner);

        void onEvents(List<AmiMessage> events);

        void onDown(String reason);
    }

    private final AmiClientConfig config;
    private final Listener listener;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final AtomicLong actionIds = new AtomicLong();

    public static final int HIGH_WATER = 50_000;
    public static final int LOW_WATER = 10_000;
    /** Events handed to the listener and not yet reported consumed; spans reconnects. */
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean readingPaused;

    private volatile State state = State.DOWN;
    /** Asked before every action is written (the login too): false, and nothing reaches Asterisk. */
    private volatile java.util.function.BooleanSupplier mayAct = () -> true;
    private volatile String lastError = "not connected yet";
    private volatile AmiBanner banner;
    // Confined to the event loop:
    private Channel channel;
    private PendingActions pending;
    private int attempt;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> reconnectTask;
    private long connects;

    public AmiClient(AmiClientConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vaxel-ami", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new AmiDecoder(AmiDecoder.Side.CLIENT), AmiEncoder.INSTANCE, new Handler());
                    }
                });
    }

    public void start() {
        loop.execute(() -> {
            if (state == State.STANDBY) {
                state = State.DOWN;
                attempt = 0;
            }
            if (channel == null && reconnectTask == null) {
                connect();
            }
        });
    }

    /**
     * Gates every action on the wire, the login included: with a PBX owned by one node of a cluster at a time, this
     * is the fence (the ownership's token still good), asked as late as possible, just before the write.
     */
    public void fence(java.util.function.BooleanSupplier mayAct) {
        this.mayAct = mayAct;
    }

    /**
     * Disconnects and stays disconnected until {@link #start()}: another node now owns the PBX. The listener hears
     * {@code onDown} if the link was up; actions waiting for an answer fail.
     */
    public void standBy(String reason) {
        if (state == State.CLOSED) {
            return; // closed for good: its thread is gone
        }
        loop.execute(() -> {
            if (state == State.CLOSED) {
                return;
            }
            state = State.STANDBY;
            lastError = reason;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
                reconnectTask = null;
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public AmiBanner banner() {
        return banner;
    }

    /** The consumer has applied this many events; reading resumes once the backlog is small again. */
    public void consumed(int events) {
        if (backlog.addAndGet(-events) <= LOW_WATER && readingPaused) {
            loop.execute(() -> {
                if (readingPaused && backlog.get() <= LOW_WATER) {
                    readingPaused = false;
                    if (channel != null) {
                        channel.config().setAutoRead(true);
                    }
                    log.info("AMI events consumed again: reading resumed");
                }
            });
        }
    }

    public boolean isReadingPaused() {
        return readingPaused;
    }

    /** How many times a TCP connection was made; for diagnostics and tests. */
    public long connects() {
        return connects;
    }

    /**
     * Sends an action and completes with Asterisk's answer (with the list items for a list action). Fails at
     * once when the link is not up, when too many actions are waiting, on timeout, and when the link drops.
     * A {@code Response: Error} completes normally: look at {@link AmiResponse#isSuccess()}.
     */
    public CompletableFuture<AmiResponse> send(AmiMessage action) {
        CompletableFuture<AmiResponse> future = new CompletableFuture<>();
        loop.execute(() -> {
            if (state != State.UP) {
                future.completeExceptionally(new AmiException(AmiException.Kind.LINK_LOST,
                        "AMI link is " + state.name().toLowerCase() + ": " + action.actionName() + " not sent"));
                return;
            }
            write(action, future);
        });
        return future;
    }

    private void write(AmiMessage action, CompletableFuture<AmiResponse> future) {
        if (!mayAct.getAsBoolean()) {
            future.completeExceptionally(new AmiException(AmiException.Kind.FENCED,
                    action.actionName() + " not sent: this node does not own the PBX now"));
            return;
        }
        if (!channel.isWritable()) {
            // Asterisk is not reading: an action queued now could leave long after the fence said yes.
            future.completeExceptionally(new AmiException(AmiException.Kind.OVERLOADED,
                    action.actionName() + " not sent: Asterisk is not reading what was sent before"));
            return;
        }
        if (pending.isFull()) {
            future.completeExceptionally(new AmiException(AmiException.Kind.OVERLOADED,
                    "too many AMI actions waiting for an answer (" + pending.size() + ")"));
            return;
        }
        String actionId = action.actionId();
        if (actionId == null || pending.get(actionId) != null) {
            actionId = "vx-" + actionIds.incrementAndGet();
            action = action.toBuilder().set("ActionID", actionId).build();
        }
        PendingActions.Pending p = new PendingActions.Pending(action.actionName(), future);
        String id = actionId;
        PendingActions owner = pending;
        p.timeout = loop.schedule(() -> owner.fail(id, new AmiException(AmiException.Kind.TIMEOUT,
                "no answer to " + p.actionName + " within " + config.actionTimeout().toMillis() + " ms")),
                config.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        pending.add(actionId, p);
        channel.writeAndFlush(action);
    }

    private void connect() {
        if (state == State.CLOSED || state == State.STANDBY) {
            return;
        }
        if (!mayAct.getAsBoolean()) {
            state = State.STANDBY; // not this node's turn at the PBX: connect again only when started
            lastError = "not this node's turn at the PBX";
            return;
        }
        reconnectTask = null;
        state = State.CONNECTING;
        connects++;
        bootstrap.connect(config.host(), config.port()).addListener(f -> {
            if (!f.isSuccess()) {
                lastError = "cannot connect to " + config.host() + ":" + config.port() + ": " + f.cause().getMessage();
                scheduleReconnect(false);
            }
        });
    }

    private void scheduleReconnect(boolean authFailed) {
        if (state == State.CLOSED || state == State.STANDBY || reconnectTask != null) {
            return;
        }
        state = State.DOWN;
        long min = config.reconnectMin().toMillis();
        long max = config.reconnectMax().toMillis();
        // A refused login will not heal by hammering: wait the longest.
        long delay = authFailed ? max : Math.min(max, min << Math.min(attempt, 20));
        delay = delay * (80 + ThreadLocalRandom.current().nextInt(41)) / 100; // jitter, so nodes do not stampede
        attempt++;
        if (attempt <= 3 || attempt % 10 == 0) {
            log.warn("AMI link down ({}); reconnect attempt {} in {} ms", lastError, attempt, delay);
        }
        reconnectTask = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void onBanner(AmiBanner b) {
        banner = b;
        state = State.LOGGING_IN;
        AmiMessage login = AmiMessage.action("Login").add("ActionID", "vx-login-" + actionIds.incrementAndGet())
                .add("Username", config.username()).add("Secret", config.secret()).add("Events", "on").build();
        CompletableFuture<AmiResponse> answer = new CompletableFuture<>();
        write(login, answer);
        Channel ch = channel;
        answer.whenComplete((r, e) -> {
            if (ch != channel) {
                return;
            }
            if (e == null && r.isSuccess()) {
                state = State.UP;
                ch.attr(WAS_UP).set(Boolean.TRUE);
                attempt = 0;
                lastError = "";
                startPing(ch);
                log.info("AMI link up: {} as {} ({})", config.host() + ":" + config.port(), config.username(), b.text());
                listener.onUp(b);
            } else if (e instanceof AmiException ax && ax.kind() == AmiException.Kind.FENCED) {
                state = State.STANDBY; // the turn ended while logging in: stand by, no reconnecting
                lastError = e.getMessage();
                ch.close();
            } else {
                lastError = e != null ? "login failed: " + e.getMessage()
                        : "login refused for user '" + config.username() + "': " + r.message();
                log.error("AMI {}", lastError);
                ch.attr(AUTH_FAILED).set(Boolean.TRUE);
                ch.close();
            }
        });
    }

    private static final io.netty.util.AttributeKey<Boolean> WAS_UP = io.netty.util.AttributeKey.valueOf("wasUp");
    private static final io.netty.util.AttributeKey<Boolean> AUTH_FAILED = io.netty.util.AttributeKey.valueOf("authFailed");

    private void startPing(Channel ch) {
        long every = config.pingInterval().toMillis();
        if (every <= 0) {
            return;
        }
        pingTask = loop.scheduleAtFixedRate(() -> {
            if (ch != channel || state != State.UP) {
                return;
            }
            CompletableFuture<AmiResponse> pong = new CompletableFuture<>();
            write(AmiMessage.action("Ping").build(), pong);
            pong.whenComplete((r, e) -> {
                if (e != null && ch == channel) {
                    // A half-open TCP connection looks alive forever; an unanswered ping says otherwise.
                    lastError = "keep-alive ping unanswered: " + e.getMessage();
                    ch.close();
                }
            });
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Drops the current connection (it reconnects with backoff), e.g. when its state cannot be trusted. */
    public void reset(String reason) {
        loop.execute(() -> {
            if (channel != null) {
                lastError = reason;
                channel.close();
            }
        });
    }

    @Override
    public void close() {
        loop.execute(() -> {
            state = State.CLOSED;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        state = State.CLOSED;
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private List<AmiMessage> batch = new ArrayList<>();
        private long unknownResponses;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            if (readingPaused) {
                channel.config().setAutoRead(false);
            }
            pending = new PendingActions(config.maxPendingActions());
            if (state == State.STANDBY || state == State.CLOSED) {
                ctx.close(); // stood by (or closed) while this connection was being made
                return;
            }
            state = State.LOGGING_IN;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof AmiBanner b) {
                onBanner(b);
                return;
            }
            AmiMessage m = (AmiMessage) msg;
            if (pending.accept(m)) {
                return;
            }
            if (m.isEvent()) {
                batch.add(m);
            } else if (m.isResponse()) {
                unknownResponses++;
                if (unknownResponses <= 10 || Long.bitCount(unknownResponses) == 1) {
                    log.warn("AMI response for no pending action dropped (ActionID {}, {} so far)", m.actionId(), unknownResponses);
                }
            } else {
                log.warn("AMI message that is neither event nor response dropped (first header {})", m.size() > 0 ? m.name(0) : "none");
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!batch.isEmpty()) {
                List<AmiMessage> ready = batch;
                batch = new ArrayList<>();
                listener.onEvents(ready);
                if (backlog.addAndGet(ready.size()) > HIGH_WATER && !readingPaused) {
                    readingPaused = true;
                    ctx.channel().config().setAutoRead(false);
                    log.warn("AMI events arrive faster than they are applied ({} waiting): reading paused", backlog.get());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!batch.isEmpty()) {
                channelReadComplete(ctx);
            }
            boolean wasUp = Boolean.TRUE.equals(ctx.channel().attr(WAS_UP).get()); // also when standing by
            boolean authFailed = Boolean.TRUE.equals(ctx.channel().attr(AUTH_FAILED).get());
            if (pingTask != null) {
                pingTask.cancel(false);
                pingTask = null;
            }
            if (lastError.isEmpty()) {
                lastError = "connection closed by " + config.host() + ":" + config.port();
            }
            pending.failAll(new AmiException(AmiException.Kind.LINK_LOST, "AMI link lost: " + lastError));
            channel = null;
            if (state != State.CLOSED && state != State.STANDBY) {
                scheduleReconnect(authFailed);
            }
            if (wasUp) {
                listener.onDown(lastError);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            log.warn("AMI link error, closing: {}", lastError);
            ctx.close();
        }
    }
}
