package se.vaxel.ami.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits an AMI byte stream into {@link AmiMessage}s (and the {@link AmiBanner} that opens a connection).
 *
 * <p>A message is a run of {@code Name: value} lines closed by a blank line; lines end in CRLF, a bare LF is
 * accepted too. The decoder survives bad input instead of resetting the link: an over-long line (binary
 * garbage, a 1 MB header) is skipped to its end and the message it was in is dropped; a line without a
 * colon is dropped from its message; a message with too many headers is dropped. Each is logged and counted
 * in {@link #stats()}. Nothing here knows what the headers mean.
 */
public final class AmiDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(AmiDecoder.class);

    public static final int DEFAULT_MAX_LINE = 64 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 20_000;

    /** Which side of the connection this decoder reads: a client expects a banner first, a server does not. */
    public enum Side { CLIENT, SERVER }

    private final int maxLineLength;
    private final int maxHeaders;
    private final DecoderStats stats = new DecoderStats();
    private boolean expectBanner;

    private final HeaderNames names = new HeaderNames();
    private byte[] line = new byte[512];
    private AmiMessage.Builder current = AmiMessage.builder();
    private boolean discardingLine;
    private boolean currentCorrupt;

    public AmiDecoder(Side side) {
        this(side, DEFAULT_MAX_LINE, DEFAULT_MAX_HEADERS);
    }

    public AmiDecoder(Side side, int maxLineLength, int maxHeaders) {
        this.expectBanner = side == Side.CLIENT;
        this.maxLineLength = maxLineLength;
        this.maxHeaders = maxHeaders;
    }

    public DecoderStats stats() {
        return stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int eol = in.forEachByte(ByteProcessor.FIND_LF);
            if (eol < 0) {
                if (in.readableBytes() > maxLineLength) {
                    // No end in sight: drop what we have and keep dropping until the next LF.
                    in.skipBytes(in.readableBytes());
                    startDiscarding();
                }
                return;
            }
            int lineStart = in.readerIndex();
            int lineLength = eol - lineStart;
            in.readerIndex(eol + 1);
            if (discardingLine) {
                discardingLine = false;
                continue;
            }
            if (lineLength > 0 && in.getByte(eol - 1) == '\r') {
                lineLength--;
            }
            if (lineLength > maxLineLength) {
                startDiscarding();
                discardingLine = false;
                continue;
            }
            onLine(in, lineStart, lineLength, out);
        }
    }

    private void startDiscarding() {
        if (!discardingLine) {
            discardingLine = true;
            currentCorrupt = true;
            stats.oversizedLines++;
            log.warn("AMI line longer than {} bytes skipped; the message it belongs to is dropped", maxLineLength);
        }
    }

    private void onLine(ByteBuf in, int start, int length, List<Object> out) {
        if (length == 0) {
            endOfMessage(out);
            return;
        }
        // One copy of the line into a reused array; names and values are cut from it without further
        // trips through the buffer.
        if (line.length < length) {
            line = new byte[Math.max(length, line.length * 2)];
        }
        in.getBytes(start, line, 0, length);
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (expectBanner && current.size() == 0) {
            expectBanner = false;
            if (colon < 0) {
                out.add(new AmiBanner(new String(line, 0, length, StandardCharsets.UTF_8)));
                return;
            }
        }
        if (colon <= 0) {
            stats.malformedLines++;
            if (stats.malformedLines <= 10 || Long.bitCount(stats.malformedLines) == 1) {
                log.warn("AMI line without a header name dropped ({} so far, {} bytes)", stats.malformedLines, length);
            }
            return;
        }
        if (current.size() >= maxHeaders) {
            currentCorrupt = true;
            return;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && line[nameEnd - 1] == ' ') {
            nameEnd--;
        }
        int valueStart = colon + 1;
        while (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        current.add(names.name(line, 0, nameEnd), value(line, valueStart, length));
    }

    /** ASCII (nearly every value) is copied as is; anything else is decoded as UTF-8, as Asterisk writes it. */
    private static String value(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return new String(b, from, to - from, StandardCharsets.UTF_8);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void endOfMessage(List<Object> out) {
        if (currentCorrupt) {
            stats.droppedMessages++;
            log.warn("AMI message dropped: it had an over-long line or more than {} headers", maxHeaders);
        } else if (current.size() > 0) {
            out.add(current.build());
            stats.messages++;
        }
        current = AmiMessage.builder();
        currentCorrupt = false;
    }

    /** Counters of what the decoder saw; read by diagnostics and tests. Written on the channel's thread only. */
    public static final class DecoderStats {
        volatile long messages;
        volatile long malformedLines;
        volatile long oversizedLines;
        volatile long droppedMessages;

        public long messages() {
            return messages;
        }

        public long malformedLines() {
            return malformedLines;
        }

        public long oversizedLines() {
            return oversizedLines;
        }

        public long droppedMessages() {
            return droppedMessages;
        }
    }
}
