package se.vaxel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import se.vaxel.SwitchboardVerticle;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.AmiEventTranslator;
import se.vaxel.ami.DialplanContract;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.calls.LiveCalls;

/** Växel's own ingest path over loopback TCP, and the ceiling (the same bytes only read and split). */
final class IngestBench {

    private IngestBench() {
    }

    /** One timed pass over a stream: from the server's first byte to the consumer having applied the last event. */
    record Pass(long events, long bytes, long nanos, long socketDrainedNanos, String note) {}

    /**
     * The whole switchboard (SwitchboardVerticle: AmiClient, AmiLink, translator, LiveCalls, HTTP API idle) on its
     * own Vert.x, logged in to the bench server. Timing ends inside LiveCalls' finished-call listener, on the
     * verticle's context, when the stream's sentinel call finishes: every event before it has been applied then.
     */
    static Pass vaxel(BenchStream stream, String secret, int pass) throws Exception {
        return vaxel(stream, secret, pass, Map.of());
    }

    /** The same with more settings, e.g. VAXEL_QUEUE_METRICS=false to measure what counting the queues costs. */
    static Pass vaxel(BenchStream stream, String secret, int pass, Map<String, String> more) throws Exception {
        try (BenchAmiServer server = new BenchAmiServer(secret)) {
            Vertx vertx = Vertx.vertx();
            try {
                Map<String, String> settings = new java.util.HashMap<>(Map.of("VAXEL_HTTP_PORT", "0", "VAXEL_HTTP_HOST", "127.0.0.1",
                        "VAXEL_CLUSTER_NAME", "bench-" + java.util.UUID.randomUUID(), "VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID()));
                settings.putAll(more);
                VaxelConfig config = VaxelConfig.from(settings);
                AmiClientConfig ami = AmiClientConfig.of("127.0.0.1", server.port(), BenchAmiServer.USER, secret);
                SwitchboardVerticle verticle = new SwitchboardVerticle(config, ami, Clock.systemUTC());
                vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
                LiveCalls live = verticle.liveCalls();
                String warmup = "1899999999." + pass;
                CompletableFuture<long[]> warmed = new CompletableFuture<>();
                CompletableFuture<long[]> applied = new CompletableFuture<>();
                long[] finished = {0};
                // Registered before any call can finish; called (and LiveCalls read) on the verticle's context only.
                live.onFinished(call -> {
                    finished[0]++;
                    if (call.id().equals(warmup)) {
                        warmed.complete(new long[] {verticle.link().eventsReceived(), live.counters().arrived(), finished[0]});
                    } else if (call.id().equals(stream.sentinelUniqueid)) {
                        long t1 = System.nanoTime();
                        applied.complete(new long[] {t1, verticle.link().eventsReceived(), live.counters().arrived(),
                                live.counters().answered(), finished[0], live.size()});
                    }
                });
                BenchAmiServer.Session session = server.firstSession().get(10, TimeUnit.SECONDS);
                session.resyncAnswered.get(10, TimeUnit.SECONDS);
                // One call through the whole path first: the link is up and resynced once it comes out the other end.
                session.send(BenchStream.encodedCall(warmup, "Local/bench-warmup@bench;1"));
                long[] w = warmed.get(10, TimeUnit.SECONDS);

                CompletableFuture<Long> first = new CompletableFuture<>();
                CompletableFuture<Long> written = new CompletableFuture<>();
                session.stream(stream.chunks(), first, written);
                long[] a = applied.get(120, TimeUnit.SECONDS);
                long t0 = first.get();
                long events = a[1] - w[0];
                long calls = a[2] - w[1];
                long answered = a[3];
                long ended = a[4] - w[2];
                long stillLive = a[5];
                if (events != stream.events || calls != stream.calls || ended != stream.calls || stillLive != 0) {
                    throw new IllegalStateException(String.format("Växel did not apply the stream: %d/%d events, %d/%d calls "
                            + "arrived, %d ended, %d still live", events, stream.events, calls, stream.calls, ended, stillLive));
                }
                return new Pass(events, stream.bytes, a[0] - t0, written.get() - t0,
                        calls + " calls arrived and ended, " + answered + " answered");
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The ceiling: a Netty client whose pipeline is only Växel's AmiDecoder and a handler that counts messages.
     */
    static Pass ceiling(BenchStream stream, String secret) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-ceiling", true),
                NioIoHandler.newFactory());
        try (BenchAmiServer server = new BenchAmiServer(secret)) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            long target = stream.events;
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new AmiDecoder(AmiDecoder.Side.CLIENT), new SimpleChannelInboundHandler<Object>() {
                                private long messages;

                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof AmiMessage && ++messages == target) {
                                        done.complete(System.nanoTime());
                                    }
                                }
                            });
                        }
                    }).connect("127.0.0.1", server.port()).syncUninterruptibly().channel();
            try {
                BenchAmiServer.Session session = server.firstSession().get(10, TimeUnit.SECONDS);
                CompletableFuture<Long> first = new CompletableFuture<>();
                CompletableFuture<Long> written = new CompletableFuture<>();
                session.stream(stream.chunks(), first, written);
                long t1 = done.get(60, TimeUnit.SECONDS);
                long t0 = first.get();
                return new Pass(stream.events, stream.bytes, t1 - t0, written.get() - t0, "messages counted: " + target);
            } finally {
                ch.close().syncUninterruptibly();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Not one of the four figures, a breakdown: the translator and LiveCalls alone on this thread, fed messages
     * already decoded (in memory), from the same stream. Says how much of Växel's end-to-end time is the state
     * update itself rather than I/O, decoding and the hand-over between threads.
     */
    static Pass applyOnly(List<AmiMessage> decoded, long bytes) {
        LiveCalls live = new LiveCalls(VaxelConfig.SHIPPED_SERVICES);
        AmiEventTranslator translator = new AmiEventTranslator(DialplanContract.DEFAULT, live::apply, Clock.systemUTC());
        long t0 = System.nanoTime();
        for (AmiMessage m : decoded) {
            translator.accept(m);
        }
        long t1 = System.nanoTime();
        if (live.size() != 0) {
            throw new IllegalStateException(live.size() + " calls still live after the stream");
        }
        return new Pass(decoded.size(), bytes, t1 - t0, 0, live.counters().arrived() + " calls");
    }

    /**
     * The same with the queue metrics behind LiveCalls, counting or not ({@code counting}): what counting costs a
     * domain event, on one thread, without I/O, decoding or the case register in the way.
     */
    static Pass applyWithQueueMetrics(List<AmiMessage> decoded, long bytes, boolean counting) {
        LiveCalls live = new LiveCalls(VaxelConfig.SHIPPED_SERVICES);
        se.vaxel.metrics.SwitchboardMetrics metrics = new se.vaxel.metrics.SwitchboardMetrics();
        se.vaxel.metrics.QueueTally tally = metrics.bindQueues(se.vaxel.routing.ContactCentre.load(null), java.time.Duration.ofSeconds(5),
                Clock.systemUTC(), () -> { }, counting);
        AmiEventTranslator translator = new AmiEventTranslator(DialplanContract.DEFAULT, e -> {
            live.apply(e);
            tally.on(e);
        }, Clock.systemUTC());
        long t0 = System.nanoTime();
        for (AmiMessage m : decoded) {
            translator.accept(m);
        }
        long t1 = System.nanoTime();
        long offered = tally.today().values().stream().mapToLong(se.vaxel.metrics.QueueCounts::offered).sum();
        metrics.close();
        if (live.size() != 0 || (counting && offered == 0)) {
            throw new IllegalStateException(live.size() + " calls still live, " + offered + " offered counted");
        }
        return new Pass(decoded.size(), bytes, t1 - t0, 0, live.counters().arrived() + " calls, " + offered + " counted offered");
    }

    /** The stream decoded once into messages, for {@link #applyOnly}. */
    static List<AmiMessage> decodeAll(BenchStream stream) {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(
                new AmiDecoder(AmiDecoder.Side.SERVER));
        List<AmiMessage> out = new ArrayList<>(stream.events);
        for (io.netty.buffer.ByteBuf chunk : stream.chunks()) {
            ch.writeInbound(chunk);
            for (Object m; (m = ch.readInbound()) != null; ) {
                out.add((AmiMessage) m);
            }
        }
        ch.finishAndReleaseAll();
        return out;
    }
}
