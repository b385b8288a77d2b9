package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent's presence in the cluster: a late write of an older turn's owner does not undo the next owner's. */
class PresenceWriteTest {

    @Test
    void aWriteOfAnEarlierTurnLeavesALaterTurnsEntryAsItIs() {
        Map.Entry<String, String> entry = new AbstractMap.SimpleEntry<>("anna.lind", null);
        assertEquals(true, new PbxTurns.PresenceWrite("{\"status\":\"PAUSED\",\"turn\":200}", 200).process(entry));

        assertEquals(false, new PbxTurns.PresenceWrite("{\"status\":\"AVAILABLE\",\"turn\":100}", 100).process(entry),
                "the old owner's write, arriving late");
        assertEquals("{\"status\":\"PAUSED\",\"turn\":200}", entry.getValue());

        assertEquals(true, new PbxTurns.PresenceWrite("{\"status\":\"AVAILABLE\",\"turn\":200}", 200).process(entry), "the same turn");
        assertEquals(true, new PbxTurns.PresenceWrite("{\"status\":\"ON_CALL\",\"turn\":300}", 300).process(entry), "a later turn");
        assertEquals("{\"status\":\"ON_CALL\",\"turn\":300}", entry.getValue());
    }
}
