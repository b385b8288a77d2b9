package se.vaxel.ami;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiDecoder;
import se.vaxel.ami.protocol.AmiEncoder;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * A TCP AMI server that plays a {@link Recording} back, as the recorded Asterisk sent it: it logs the client
 * in, answers the resync actions from what Asterisk answered the recorder (or with empty lists), and
 * streams the recorded events at their recorded times divided by {@code speed} (0: all at once).
 */
public final class RecordedAsterisk implements AutoCloseable {

    private final Recording recording;
    private final double speed;
    private final String secret;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger logins = new AtomicInteger();
    private final java.util.Set<String> silent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, String> extraVariables = new java.util.concurrent.ConcurrentHashMap<>();
    private final Channel server;

    private RecordedAsterisk(Recording recording, double speed, String secret) {
        this.recording = recording;
        this.speed = speed;
        this.secret = secret;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new AmiDecoder(AmiDecoder.Side.SERVER), AmiEncoder.INSTANCE, new Session());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public static RecordedAsterisk start(Recording recording, double speed, String secret) {
        return new RecordedAsterisk(recording, speed, secret);
    }

    /** Never answers this action, as a hung Asterisk would not. */
    public RecordedAsterisk silence(String actionName) {
        silent.add(actionName.toLowerCase());
        return this;
    }

    /** Answers Getvar of a variable the recorder never asked for; the test says where the value comes from. */
    public RecordedAsterisk withVariable(String channel, String variable, String value) {
        extraVariables.put(channel + "|" + variable, value);
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int logins() {
        return logins.get();
    }

    /** Writes raw bytes to every logged-in client: for feeding it what no Asterisk should send. */
    public void sendRaw(byte[] bytes) {
        clients.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    /** Writes messages to every client, as live events. */
    public void send(AmiMessage... messages) {
        for (AmiMessage m : messages) {
            clients.write(m);
        }
        clients.flush();
    }

    /** Closes every client connection, as an Asterisk restart would. */
    public void dropClients() {
        clients.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Session extends SimpleChannelInboundHandler<AmiMessage> {
        private boolean loggedIn;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(AmiBanner.ASTERISK_20);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, AmiMessage action) {
            String name = action.actionName() == null ? "" : action.actionName().toLowerCase();
            String id = action.actionId();
            if (name.equals("login")) {
                if (!secret.equals(action.get("Secret"))) {
                    ctx.writeAndFlush(AmiMessage.response("Error").addIfPresent("ActionID", id)
                            .add("Message", "Authentication failed").build()).addListener(f -> ctx.close());
                    return;
                }
                loggedIn = true;
                logins.incrementAndGet();
                ctx.write(AmiMessage.response("Success").addIfPresent("ActionID", id).add("Message", "Authentication accepted").build());
                ctx.writeAndFlush(AmiMessage.event("FullyBooted").add("Privilege", "system,all").add("Status", "Fully Booted").build());
                stream(ctx);
                return;
            }
            if (!loggedIn) {
                ctx.writeAndFlush(AmiMessage.response("Error").addIfPresent("ActionID", id).add("Message", "Permission denied").build());
                return;
            }
            if (silent.contains(name)) {
                return;
            }
            List<Recording.Answer> recorded = recording.answers().getOrDefault(name, List.of());
            Recording.Answer answer = recorded.stream()
                    .filter(a -> action.get("Channel") == null || action.get("Channel").equals(a.action().get("Channel")))
                    .findFirst().orElse(null);
            switch (name) {
                case "coreshowchannels", "queuestatus", "status" -> list(ctx, id, name, answer);
                case "getvar" -> {
                    String extra = extraVariables.get(action.get("Channel") + "|" + action.get("Variable"));
                    if (extra != null) {
                        ctx.writeAndFlush(AmiMessage.response("Success").addIfPresent("ActionID", id)
                                .add("Variable", action.get("Variable")).add("Value", extra).build());
                    } else if (answer != null) {
                        ctx.writeAndFlush(answer.response().toBuilder().set("ActionID", id).build());
                    } else {
                        ctx.writeAndFlush(AmiMessage.response("Error").addIfPresent("ActionID", id).add("Message", "No such channel").build());
                    }
                }
                case "ping" -> ctx.writeAndFlush(AmiMessage.response("Success").addIfPresent("ActionID", id).add("Ping", "Pong")
                        .add("Timestamp", String.format("%.6f", System.currentTimeMillis() / 1000.0)).build());
                default -> ctx.writeAndFlush(AmiMessage.response("Success").addIfPresent("ActionID", id).build());
            }
        }

        private void list(ChannelHandlerContext ctx, String id, String name, Recording.Answer answer) {
            List<AmiMessage> items = answer == null ? List.of() : answer.items();
            ctx.write(AmiMessage.response("Success").addIfPresent("ActionID", id).add("EventList", "start")
                    .add("Message", "list will follow").build());
            AmiMessage complete = null;
            int n = 0;
            for (AmiMessage item : items) {
                if ("Complete".equalsIgnoreCase(item.get("EventList"))) {
                    complete = item;
                    continue;
                }
                ctx.write(item.toBuilder().set("ActionID", id).build());
                n++;
            }
            String completeName = switch (name) {
                case "coreshowchannels" -> "CoreShowChannelsComplete";
                case "queuestatus" -> "QueueStatusComplete";
                default -> "StatusComplete";
            };
            ctx.writeAndFlush(complete != null ? complete.toBuilder().set("ActionID", id).build()
                    : AmiMessage.event(completeName).add("ActionID", id).add("EventList", "Complete")
                            .add("ListItems", Integer.toString(n)).build());
        }

        private void stream(ChannelHandlerContext ctx) {
            List<Recording.Timed> events = recording.events();
            if (events.isEmpty()) {
                return;
            }
            if (speed <= 0) {
                events.forEach(e -> ctx.write(e.message()));
                ctx.flush();
                return;
            }
            long start = events.get(0).atMillis();
            for (Recording.Timed e : events) {
                long delay = (long) ((e.atMillis() - start) / speed);
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(e.message());
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
    }
}
