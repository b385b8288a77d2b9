package se.vaxel.pbxsim;

import java.time.Duration;
import java.util.Objects;

/**
 * What one test citizen does, for {@link PbxSimulator#placeCitizenCall(String, CitizenScript)}.
 *
 * <pre>
 * pbx.placeCitizenCall("+46701234567", CitizenScript.pressing('1', Duration.ofMinutes(5))
 *         .acceptingCallback().answeringCallbackAttempt(2));   // books a call-back, misses the first one
 * </pre>
 *
 * @param menuDigit              the digit pressed at the IVR menu (' ' = nothing)
 * @param patience               how long they wait unanswered (on hold, in a queue) before hanging up
 * @param acceptsCallback        presses 1 when the dialplan offers a call-back; otherwise presses nothing there
 * @param answersCallbackAttempt which call to their number they answer: 1 the first, n only the n-th, 0 none; the
 *                               others ring until the caller gives up
 */
public record CitizenScript(char menuDigit, Duration patience, boolean acceptsCallback, int answersCallbackAttempt) {

    public CitizenScript {
        Objects.requireNonNull(patience, "patience");
        if (answersCallbackAttempt < 0) {
            throw new IllegalArgumentException("answersCallbackAttempt must be 0 (never) or more");
        }
    }

    /** Presses {@code menuDigit}, declines a call-back offer, answers the first call-back. */
    public static CitizenScript pressing(char menuDigit, Duration patience) {
        return new CitizenScript(menuDigit, patience, false, 1);
    }

    /** Presses 1 when offered a call-back. */
    public CitizenScript acceptingCallback() {
        return new CitizenScript(menuDigit, patience, true, answersCallbackAttempt);
    }

    /** Answers only the {@code n}-th call to their number (0: none). */
    public CitizenScript answeringCallbackAttempt(int n) {
        return new CitizenScript(menuDigit, patience, acceptsCallback, n);
    }
}
