package se.vaxel.ami.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link AmiMessage}s and {@link AmiBanner}s in Asterisk's wire form: CRLF lines, a blank line after each message. */
@ChannelHandler.Sharable
public final class AmiEncoder extends MessageToByteEncoder<Object> {

    public static final AmiEncoder INSTANCE = new AmiEncoder();

    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof AmiMessage || msg instanceof AmiBanner;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof AmiBanner banner) {
            ByteBufUtil.writeUtf8(out, banner.text());
            out.writeShort(CRLF);
            return;
        }
        AmiMessage m = (AmiMessage) msg;
        for (int i = 0; i < m.size(); i++) {
            ByteBufUtil.writeAscii(out, m.name(i));
            out.writeShort(COLON_SPACE);
            ByteBufUtil.writeUtf8(out, stripLineBreaks(m.value(i)));
            out.writeShort(CRLF);
        }
        out.writeShort(CRLF);
    }

    /** A value must never end a line early: that would let a caller name inject headers. */
    private static String stripLineBreaks(String v) {
        if (v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return v.replace('\r', ' ').replace('\n', ' ');
    }
}
