package se.vaxel.cases;

import com.hazelcast.query.Predicate;
import java.util.Map;
import java.util.Set;

/**
 * The cases of one agent's phone: offered to it (rung, answered or not) or answered at it. Evaluated where the
 * cases live; narrowed first by whatever indexed filters the search has. An agent sees these and no others.
 */
record HandledBy(String device) implements Predicate<String, Case> {

    /** Timeline steps whose {@code who} is the phone a call was offered to. */
    static final Set<String> OFFERED = Set.of("offered", "answered", "not answered");

    @Override
    public boolean apply(Map.Entry<String, Case> entry) {
        return handledBy(entry.getValue(), device);
    }

    static boolean handledBy(Case c, String device) {
        if (c == null || device == null) {
            return false;
        }
        if (device.equals(c.agent())) {
            return true;
        }
        return c.timeline().stream().anyMatch(e -> device.equals(e.who()) && OFFERED.contains(e.what()));
    }
}
