package se.vaxel.cases;

import java.time.Instant;

/** One line of a case's timeline: what happened, when, and who did it (an agent, a device) if anyone. */
public record CaseEntry(Instant at, String what, String who, String detail) implements java.io.Serializable {

    public CaseEntry {
        at = Case.ms(at);
    }
}
