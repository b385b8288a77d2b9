package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Every event the simulator sends has the header names, in the order, that Asterisk 20.20.1 used for the
 * same event in the recordings. Where the simulator must differ, the difference is listed with its reason.
 */
class HeaderShapeTest {

    private static final List<String> SCENARIOS = List.of("03-queue-answered", "04-queue-abandon",
            "05-ring-no-answer-then-answer", "06-redirect-routing", "08-originate-callback", "09-concurrent-load",
            "15-route-mode-reference", "16-resync-midcall");

    /** Event name -> every header-name sequence Asterisk used for it (UserEvent bodies cut off). */
    private static Map<String, Set<List<String>>> recordedShapes() {
        Map<String, Set<List<String>>> shapes = new TreeMap<>();
        for (String s : SCENARIOS) {
            for (AmiMessage m : Recording.load(s)) {
                if (m.isEvent() && m.actionId() == null) {
                    shapes.computeIfAbsent(m.eventName(), k -> new LinkedHashSet<>()).add(shape(m));
                }
            }
        }
        return shapes;
    }

    private static List<String> shape(AmiMessage m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            names.add(m.name(i));
            if ("UserEvent".equals(m.eventName()) && "UserEvent".equals(m.name(i))) {
                break; // the body after it is the dialplan's own
            }
        }
        return names;
    }

    @Test
    void liveEventsHaveAsterisksHeaderNamesInAsterisksOrder() {
        Map<String, Set<List<String>>> recorded = recordedShapes();
        Set<Map.Entry<String, List<String>>> ours = new LinkedHashSet<>();
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick()
                .agents(SimTestSupport.quick().build().agents().withNeverAnswer(Set.of("1003"))).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            pbx.placeCitizenCall("+46701234567", '1', Duration.ofSeconds(30));
            pbx.placeCitizenCall("+46701234568", '4', Duration.ofMillis(800));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pbx.liveChannels() == 0);
            for (AmiMessage m : c.events()) {
                if (m.actionId() == null) {
                    ours.add(Map.entry(m.eventName(), shape(m)));
                }
            }
        }
        List<String> mismatches = new ArrayList<>();
        Set<String> unrecorded = new TreeSet<>();
        ours.forEach(e -> {
            String name = e.getKey();
            List<String> shape = e.getValue();
            Set<List<String>> known = recorded.get(name);
            if (known == null) {
                unrecorded.add(name);
            } else if (!known.contains(shape)) {
                mismatches.add(name + "\n  ours:     " + shape + "\n  asterisk: " + known.iterator().next());
            }
        });
        assertEquals(List.of(), mismatches, String.join("\n", mismatches));
        assertEquals(Set.of(), unrecorded, "events Asterisk never sent in the recordings");
        assertTrue(ours.size() > 15, "a real sample of event kinds: " + ours);
    }
}
