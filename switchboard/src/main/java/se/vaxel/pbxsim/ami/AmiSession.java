package se.vaxel.pbxsim.ami;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.ami.protocol.AmiBanner;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.core.AmiPeer;
import se.vaxel.pbxsim.core.EventSink;
import se.vaxel.pbxsim.core.ManagerActions;
import se.vaxel.pbxsim.core.PbxCore;

/**
 * One AMI connection. The network thread only decodes and hands each action to the core; the core answers through
 * {@link AmiPeer} and {@link EventSink}, collecting output that is written in one batch per core task.
 */
final class AmiSession extends SimpleChannelInboundHandler<AmiMessage> implements AmiPeer, EventSink {

    private final PbxCore core;
    private final ManagerActions actions;
    private Channel channel;
    // below: core thread only
    private List<AmiMessage> pending = new ArrayList<>();
    private boolean authenticated;
    private boolean eventsOn;
    private boolean closing;
    private boolean closeRequested;
    private String challenge;
    private String badFormat;
    private volatile boolean inputClosed;

    AmiSession(PbxCore core, ManagerActions actions) {
        this.core = core;
        this.actions = actions;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(AmiBanner.ASTERISK_20);
        core.execute(() -> core.addSink(this));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inputClosed = true;
        core.execute(() -> core.removeSink(this));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AmiMessage msg) {
        if (inputClosed) {
            return;
        }
        core.execute(() -> {
            if (!closing) {
                actions.handle(this, msg);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    // ---- EventSink (core thread) ----

    @Override
    public void event(AmiMessage event) {
        if (authenticated && eventsOn && !closeRequested) {
            pending.add(event);
        }
    }

    @Override
    public void flush() {
        if (pending.isEmpty() && !closeRequested) {
            return;
        }
        List<AmiMessage> batch = pending;
        pending = new ArrayList<>();
        boolean close = closeRequested;
        if (close) {
            core.removeSink(this);
        }
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            for (int i = 0; i < batch.size(); i++) {
                ch.write(batch.get(i));
            }
            if (close) {
                ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> ch.close());
            } else {
                ch.flush();
            }
        });
    }

    // ---- AmiPeer (core thread) ----

    @Override
    public void send(AmiMessage m) {
        if (!closeRequested) {
            pending.add(m);
        }
    }

    @Override
    public void closeAfterFlush() {
        // the first call stops new actions (a failed login waits a second before its answer); a second call,
        // or one with output queued, closes
        if (!closing) {
            closing = true;
            inputClosed = true;
            if (pending.isEmpty()) {
                return;
            }
        }
        closeRequested = true;
    }

    @Override
    public boolean authenticated() {
        return authenticated;
    }

    @Override
    public void authenticated(String user, boolean events) {
        authenticated = true;
        eventsOn = events;
    }

    @Override
    public void eventsOn(boolean on) {
        eventsOn = on;
    }

    @Override
    public boolean eventsOn() {
        return eventsOn;
    }

    @Override
    public String remoteAddress() {
        return address(channel.remoteAddress());
    }

    @Override
    public String localAddress() {
        return address(channel.localAddress());
    }

    private static String address(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i) {
            return "IPV4/TCP/" + i.getAddress().getHostAddress() + "/" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public String sessionId() {
        return "0x" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String challenge() {
        return challenge;
    }

    @Override
    public void challenge(String c) {
        challenge = c;
    }

    @Override
    public String pendingBadFormat() {
        return badFormat;
    }

    @Override
    public void pendingBadFormat(String action) {
        badFormat = action;
    }
}
