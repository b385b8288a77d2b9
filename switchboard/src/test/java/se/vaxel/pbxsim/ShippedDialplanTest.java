package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.vaxel.pbxsim.conf.ConfFile;
import se.vaxel.pbxsim.conf.Dialplan;
import se.vaxel.pbxsim.conf.DialplanParser;
import se.vaxel.pbxsim.conf.QueueDef;
import se.vaxel.pbxsim.conf.QueuesParser;
import se.vaxel.pbxsim.conf.Step;

/** The configuration that ships (dialplans/) parses and keeps the contract the switchboard relies on. */
class ShippedDialplanTest {

    private static String resource(String file) throws IOException {
        try (InputStream in = ShippedDialplanTest.class.getResourceAsStream("/dialplans/" + file)) {
            assertNotNull(in, file + " on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void contextsAndGlobalsOfTheContract() throws IOException {
        Dialplan dp = DialplanParser.parse(resource("extensions.conf"));
        for (String ctx : List.of("citizen-in", "vaxel-queue", "vaxel-hold", "vaxel-callback-booked", "vaxel-connect",
                "vaxel-callback", "agents")) {
            assertTrue(dp.hasContext(ctx), ctx);
        }
        assertEquals("observe", dp.globals().get("VAXEL_MODE"));
        assertEquals("300", dp.globals().get("VAXEL_HOLD_TIMEOUT"));
        assertEquals("20", dp.globals().get("VAXEL_RING_TIMEOUT"));
        assertNotNull(dp.find("citizen-in", "s"));
        assertNotNull(dp.find("citizen-in", "0812345000"), "a DID lands in citizen-in");
        assertNotNull(dp.find("vaxel-connect", "1001"));
        assertNotNull(dp.find("vaxel-callback", "+46701234567"));
        assertEquals("StopMusicOnHold", dp.step("vaxel-connect", "1001", 2).app());
        assertEquals("Dial", dp.step("vaxel-connect", "1001", 3).app());
        assertTrue(apps(dp, "vaxel-queue", "s").contains("UserEvent"));
        assertEquals("__VAXEL_QUEUED_AT=${EPOCH}", dp.step("vaxel-queue", "s", 1).data());
        assertTrue(dp.step("vaxel-queue", "s", 2).data().startsWith("VaxelCallQueued,Service: ${SERVICE}"));
        assertTrue(data(dp, "vaxel-hold", "s").stream().anyMatch(d -> d.startsWith("VaxelFallback")));
        assertTrue(data(dp, "vaxel-connect", "1001").stream().anyMatch(d -> d.startsWith("VaxelNoAnswer,Agent: PJSIP/${EXTEN}")));
        assertTrue(data(dp, "vaxel-callback-booked", "s").stream()
                .anyMatch(d -> d.startsWith("VaxelCallbackRequested,")));
        assertTrue(data(dp, "vaxel-callback", "h").get(0).startsWith("VaxelCallbackDone,Callback: ${VAXEL_CALLBACK}"));
    }

    @Test
    void everyIvrServiceHasAHoldingPathAndAQueue() throws IOException {
        Dialplan dp = DialplanParser.parse(resource("extensions.conf"));
        Set<String> services = new LinkedHashSet<>();
        Matcher m = Pattern.compile("Set\\(__SERVICE=([a-z-]+)\\)").matcher(resource("extensions.conf"));
        while (m.find()) {
            services.add(m.group(1));
        }
        assertEquals(Set.of("social-services", "building-permits", "schools", "elder-care", "switchboard"), services);
        List<QueueDef> queues = QueuesParser.parse(resource("queues.conf"));
        for (String s : services) {
            QueueDef q = queues.stream().filter(d -> d.name().equals(s)).findFirst().orElseThrow(() -> new AssertionError(s));
            assertFalse(q.members().isEmpty(), s + " has agents");
            assertTrue(q.members().stream().allMatch(x -> x.iface().matches("PJSIP/10\\d\\d")), s);
        }
        // the holding path: vaxel-queue parks route-mode calls in vaxel-hold, which falls back to Queue(${SERVICE})
        assertTrue(data(dp, "vaxel-queue", "s").contains("vaxel-hold,s,1"));
        assertTrue(apps(dp, "vaxel-hold", "s").containsAll(java.util.List.of("StartMusicOnHold", "Wait", "StopMusicOnHold")));
        assertTrue(data(dp, "vaxel-hold", "s").contains("${SERVICE}"));
        long agents = queues.stream().flatMap(q -> q.members().stream()).map(QueueDef.MemberDef::iface).distinct().count();
        assertEquals(12, agents);
    }

    @Test
    void noStrategyInQueueTemplates() throws IOException {
        for (ConfFile.Section s : ConfFile.parse(resource("queues.conf")).sections()) {
            if (s.template()) {
                assertTrue(s.entries().stream().noneMatch(e -> e.key().equals("strategy")), s.name());
            }
        }
    }

    @Test
    void managerConfHasNoSecretAndNoCommandPermission() throws IOException {
        ConfFile.Section vaxel = ConfFile.parse(resource("manager.conf")).section("vaxel");
        assertNotNull(vaxel);
        assertTrue(vaxel.entries().stream().noneMatch(e -> e.key().equals("secret")), "the operator sets the secret");
        String write = vaxel.entries().stream().filter(e -> e.key().equals("write")).findFirst().orElseThrow().value();
        assertFalse(write.contains("command"));
        assertTrue(write.contains("originate"));
    }

    private static List<String> apps(Dialplan dp, String ctx, String ext) {
        return dp.find(ctx, ext).steps().values().stream().map(Step::app).toList();
    }

    private static List<String> data(Dialplan dp, String ctx, String ext) {
        return dp.find(ctx, ext).steps().values().stream().map(Step::data).toList();
    }
}
