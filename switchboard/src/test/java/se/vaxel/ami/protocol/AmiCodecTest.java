package se.vaxel.ami.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmiCodecTest {

    static byte[] resource(String path) throws IOException {
        try (InputStream in = AmiCodecTest.class.getResourceAsStream("/ami/asterisk-20.20.1/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    /** Feeds the bytes one at a time, as the slowest network would, and collects what comes out. */
    static List<Object> decodeByteByByte(AmiDecoder decoder, byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void recordedLoginSessionDecodesByteByByte() throws IOException {
        List<Object> out = decodeByteByByte(new AmiDecoder(AmiDecoder.Side.CLIENT), resource("01-login-logoff/received.ami"));

        assertEquals(new AmiBanner("Asterisk Call Manager/9.0.0"), out.get(0));
        assertEquals("9.0.0", ((AmiBanner) out.get(0)).protocolVersion());
        assertEquals(7, out.size(), "banner + 6 messages as the recording's README counts");
        AmiMessage login = (AmiMessage) out.get(1);
        assertTrue(login.isResponse());
        assertEquals("sb-1", login.actionId());
        assertEquals("FullyBooted", ((AmiMessage) out.get(2)).eventName());
        assertEquals("SuccessfulAuth", ((AmiMessage) out.get(3)).eventName());
        AmiMessage command = (AmiMessage) out.get(5);
        assertTrue(command.get("Output").startsWith("Asterisk 20.20.1"));
    }

    @Test
    void repeatedHeadersAreKeptInOrder() throws IOException {
        List<Object> out = decodeByteByByte(new AmiDecoder(AmiDecoder.Side.CLIENT), resource("03-queue-answered/received.ami"));
        AmiMessage userEvent = out.stream().filter(AmiMessage.class::isInstance).map(AmiMessage.class::cast)
                .filter(m -> "UserEvent".equals(m.eventName())).findFirst().orElseThrow();

        assertEquals(List.of("+46701234567", "+46701234567"), userEvent.getAll("CallerIDNum"));
        assertEquals("CallQueued", userEvent.get("UserEvent"));
        assertEquals("social-services", userEvent.get("service"), "look-ups ignore case");
    }

    @Test
    void originateResponseIsAnEventThoughItCarriesAResponseHeader() throws IOException {
        List<Object> out = decodeByteByByte(new AmiDecoder(AmiDecoder.Side.CLIENT), resource("08-originate-callback/received.ami"));
        List<AmiMessage> originateResponses = out.stream().filter(AmiMessage.class::isInstance).map(AmiMessage.class::cast)
                .filter(m -> "OriginateResponse".equals(m.eventName())).toList();

        assertEquals(2, originateResponses.size());
        assertTrue(originateResponses.get(0).isEvent());
        assertEquals("Success", originateResponses.get(0).get("Response"));
        assertEquals("Failure", originateResponses.get(1).get("Response"));
    }

    @Test
    void encodedMessagesDecodeToTheSame() throws IOException {
        List<Object> recorded = decodeByteByByte(new AmiDecoder(AmiDecoder.Side.CLIENT), resource("15-route-mode-reference/received.ami"));
        EmbeddedChannel enc = new EmbeddedChannel(AmiEncoder.INSTANCE);
        recorded.forEach(enc::writeOutbound);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);

        assertEquals(recorded, decodeByteByByte(new AmiDecoder(AmiDecoder.Side.CLIENT), bytes));
        assertTrue(Arrays.equals(resource("15-route-mode-reference/received.ami"), bytes),
                "Asterisk's own bytes are reproduced exactly");
    }

    @Test
    void anOverlongLineDropsItsMessageButNotTheNextOne() {
        String huge = "X".repeat(1024 * 1024);
        byte[] bytes = ("Event: Broken\r\nJunk: " + huge + "\r\n\r\n"
                + "Event: Newchannel\r\nUniqueid: 1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        AmiDecoder decoder = new AmiDecoder(AmiDecoder.Side.SERVER);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        for (int i = 0; i < bytes.length; i += 4096) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(4096, bytes.length - i)));
        }
        AmiMessage only = ch.readInbound();
        assertEquals("Newchannel", only.eventName());
        assertNull(ch.readInbound());
        assertEquals(1, decoder.stats().oversizedLines());
        assertEquals(1, decoder.stats().droppedMessages());
    }

    @Test
    void binaryGarbageAndLinesWithoutColonAreSkipped() {
        byte[] garbage = new byte[300];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
            if (garbage[i] == '\n' || garbage[i] == ':') {
                garbage[i] = 0x7f;
            }
        }
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes("Event: A\r\n".getBytes(StandardCharsets.US_ASCII)).writeBytes(garbage)
                .writeBytes("\r\nKey: v\r\n\r\nEvent: B\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        AmiDecoder decoder = new AmiDecoder(AmiDecoder.Side.SERVER);
        List<Object> out = decodeByteByByte(decoder, bytes);

        assertEquals(2, out.size());
        AmiMessage a = assertInstanceOf(AmiMessage.class, out.get(0));
        assertEquals("A", a.eventName());
        assertEquals("v", a.get("Key"));
        assertEquals("B", ((AmiMessage) out.get(1)).eventName());
        assertEquals(1, decoder.stats().malformedLines());
    }

    @Test
    void bareLineFeedsAreAccepted() {
        List<Object> out = decodeByteByByte(new AmiDecoder(AmiDecoder.Side.SERVER),
                "Action: Ping\nActionID: 7\n\n".getBytes(StandardCharsets.US_ASCII));
        AmiMessage ping = (AmiMessage) out.get(0);
        assertEquals("Ping", ping.actionName());
        assertEquals("7", ping.actionId());
    }

    @Test
    void valuesCannotInjectHeaders() {
        EmbeddedChannel ch = new EmbeddedChannel(AmiEncoder.INSTANCE);
        ch.writeOutbound(AmiMessage.event("NewCallerid").add("CallerIDName", "Eve\r\nAction: Hangup").build());
        ByteBuf b = ch.readOutbound();
        String wire = b.toString(StandardCharsets.UTF_8);
        b.release();
        assertEquals("Event: NewCallerid\r\nCallerIDName: Eve  Action: Hangup\r\n\r\n", wire);
    }
}
