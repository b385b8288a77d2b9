package se.vaxel.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiEncoder;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * A loopback AMI server for the benchmarks: it logs a client in the way Asterisk 20 does (plain Secret, or
 * the MD5 Challenge that Asterisk-Java uses), answers what Växel and Asterisk-Java ask on connect (empty
 * lists with their {@code <Name>Complete} event, CoreSettings, {@code core show version}, Getvar with an
 * empty value) and, when told, streams pre-encoded bytes as fast as the socket drains.
 *
 * <p>The stream is written chunk by chunk while the channel is writable, so the server's answers to actions
 * that arrive meanwhile go out between chunks, not behind the whole stream.
 */
final class BenchAmiServer implements AutoCloseable {

    static final String USER = "switchboard";
    static final String ASTERISK_VERSION = "20.20.1";

    private final String secret;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-ami-server", true),
            NioIoHandler.newFactory());
    private final Channel server;
    private final CompletableFuture<Session> firstSession = new CompletableFuture<>();
    final AtomicLong actionsAnswered = new AtomicLong();

    BenchAmiServer(String secret) {
        this.secret = secret;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Session s = new Session();
                        ch.pipeline().addLast(new AmiDecoder(AmiDecoder.Side.SERVER), AmiEncoder.INSTANCE, s);
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The first client's session, once it has connected. */
    CompletableFuture<Session> firstSession() {
        return firstSession;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection. Its handler runs on the server's single I/O thread. */
    final class Session extends SimpleChannelInboundHandler<AmiMessage> {
        private ChannelHandlerContext ctx;
        private String challenge;
        private List<ByteBuf> pending;
        private int next;
        private CompletableFuture<Long> allWritten;
        /** Completed when the client has asked for both CoreShowChannels and QueueStatus (Växel's resync). */
        final CompletableFuture<Void> resyncAnswered = new CompletableFuture<>();
        private boolean answeredChannels;
        private boolean answeredQueues;

        /**
         * Writes the bytes as fast as the connection takes them. The first future completes with
         * {@link System#nanoTime()} just before the first byte is handed to the socket, the second when the last
         * chunk has been written to it.
         */
        void stream(List<ByteBuf> chunks, CompletableFuture<Long> firstByte, CompletableFuture<Long> allWritten) {
            ctx.executor().execute(() -> {
                this.pending = chunks;
                this.next = 0;
                this.allWritten = allWritten;
                firstByte.complete(System.nanoTime());
                pump();
            });
        }

        /** Writes a few bytes at once (a small event burst), outside any timing. */
        void send(ByteBuf bytes) {
            ctx.executor().execute(() -> ctx.writeAndFlush(bytes));
        }

        private void pump() {
            if (pending == null) {
                return;
            }
            Channel ch = ctx.channel();
            while (next < pending.size() && ch.isWritable()) {
                ByteBuf chunk = pending.get(next++);
                if (next == pending.size()) {
                    CompletableFuture<Long> done = allWritten;
                    ctx.write(chunk).addListener(f -> done.complete(System.nanoTime()));
                    pending = null;
                    break;
                }
                ctx.write(chunk);
            }
            ctx.flush();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            ctx.writeAndFlush(AmiBanner.ASTERISK_20);
            firstSession.complete(this);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pending != null) {
                for (int i = next; i < pending.size(); i++) {
                    pending.get(i).release();
                }
                pending = null;
                allWritten.completeExceptionally(new IllegalStateException("client went away mid-stream"));
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, AmiMessage action) {
            String name = action.actionName() == null ? "" : action.actionName().toLowerCase();
            String id = action.actionId();
            actionsAnswered.incrementAndGet();
            switch (name) {
                case "challenge" -> {
                    challenge = Long.toString(System.nanoTime() % 1_000_000_000L);
                    ctx.writeAndFlush(ok(id).add("Challenge", challenge).build());
                }
                case "login" -> {
                    boolean accepted = action.get("Key") != null
                            ? challenge != null && md5(challenge + secret).equalsIgnoreCase(action.get("Key"))
                            : secret.equals(action.get("Secret"));
                    if (accepted) {
                        ctx.writeAndFlush(ok(id).add("Message", "Authentication accepted").build());
                    } else {
                        ctx.writeAndFlush(AmiMessage.response("Error").addIfPresent("ActionID", id)
                                .add("Message", "Authentication failed").build()).addListener(f -> ctx.close());
                    }
                }
                case "coresettings" -> ctx.writeAndFlush(ok(id).add("AMIversion", "9.0.0")
                        .add("AsteriskVersion", ASTERISK_VERSION).add("SystemName", "").add("CoreMaxCalls", "0")
                        .add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "asterisk").add("CoreRunGroup", "asterisk")
                        .add("CoreMaxFilehandles", "0").add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "No")
                        .add("CoreHTTPenabled", "No").build());
                case "command" -> ctx.writeAndFlush(ok(id).add("Message", "Command output follows")
                        .add("Output", "Asterisk " + ASTERISK_VERSION + " built by bench on a x86_64 running Linux").build());
                case "coreshowchannels" -> {
                    emptyList(ctx, id, "CoreShowChannelsComplete");
                    answeredChannels = true;
                    resyncAnsweredIfBoth();
                }
                case "queuestatus" -> {
                    emptyList(ctx, id, "QueueStatusComplete");
                    answeredQueues = true;
                    resyncAnsweredIfBoth();
                }
                case "status" -> emptyList(ctx, id, "StatusComplete");
                case "agents" -> emptyList(ctx, id, "AgentsComplete");
                case "queuesummary" -> emptyList(ctx, id, "QueueSummaryComplete");
                case "getvar" -> ctx.writeAndFlush(ok(id).add("Variable", action.get("Variable", "")).add("Value", "").build());
                case "ping" -> ctx.writeAndFlush(ok(id).add("Ping", "Pong")
                        .add("Timestamp", String.format("%.6f", System.currentTimeMillis() / 1000.0)).build());
                case "logoff" -> ctx.writeAndFlush(AmiMessage.response("Goodbye").addIfPresent("ActionID", id)
                        .add("Message", "Thanks for all the fish.").build()).addListener(f -> ctx.close());
                default -> ctx.writeAndFlush(ok(id).build());
            }
        }

        private void resyncAnsweredIfBoth() {
            if (answeredChannels && answeredQueues) {
                resyncAnswered.complete(null);
            }
        }

        private void emptyList(ChannelHandlerContext ctx, String id, String completeEvent) {
            ctx.write(ok(id).add("EventList", "start").add("Message", "list will follow").build());
            ctx.writeAndFlush(AmiMessage.event(completeEvent).addIfPresent("ActionID", id).add("EventList", "Complete")
                    .add("ListItems", "0").build());
        }

        private AmiMessage.Builder ok(String id) {
            return AmiMessage.response("Success").addIfPresent("ActionID", id);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
