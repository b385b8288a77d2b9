package se.vaxel.pbxsim.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.vaxel.pbxsim.core.CitizenPhone.Pickup;

/**
 * The citizens' side of the trunk for calls the PBX places to them ({@code PJSIP/<number>@trunk}, a call-back):
 * decides how each called phone responds and keeps a log of the calls. A number a test scripted answers only the
 * attempt it was told to; any other number answers with the configured share, else rings out or, now and then, is
 * busy. Runs on the core thread.
 */
public final class Trunk {

    /** Of the called citizens who do not answer, the share whose line is busy instead of ringing out. */
    static final double BUSY_SHARE_OF_UNANSWERED = 0.25;
    /** The log keeps the latest calls only, so a long demo run does not grow it without bound. */
    private static final int LOG_SIZE = 10_000;

    /** One call placed to a citizen: the number dialled and the caller ID their phone showed. */
    public record CallToCitizen(String number, String callerIdNum, long atMs) {
    }

    private final PbxCore core;
    /** Scripted numbers: which attempt they answer (0: none), and how many calls they have had. */
    private final Map<String, Integer> answersAttempt = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final ArrayDeque<CallToCitizen> log = new ArrayDeque<>();

    Trunk(PbxCore core) {
        this.core = core;
    }

    /** Calls to {@code number} ring out unanswered except the {@code attempt}-th (1 = the first; 0 = none). */
    public void script(String number, int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 (never answers) or more");
        }
        answersAttempt.put(number, attempt);
        attempts.remove(number);
    }

    /** The calls placed to citizens, oldest first. */
    public List<CallToCitizen> calls() {
        return List.copyOf(log);
    }

    /** A call goes out to {@code number} showing {@code callerIdNum}: logs it and returns the phone that takes it. */
    CitizenPhone dial(String number, String callerIdNum) {
        if (log.size() == LOG_SIZE) {
            log.removeFirst();
        }
        log.addLast(new CallToCitizen(number, callerIdNum, core.nowMs()));
        Integer scripted = answersAttempt.get(number);
        if (scripted != null) {
            int attempt = attempts.merge(number, 1, Integer::sum);
            return CitizenPhone.called(attempt == scripted ? Pickup.ANSWERS : Pickup.NO_ANSWER);
        }
        if (core.rng().nextDouble() < core.behaviour.citizenCallbackAnswerShare()) {
            return CitizenPhone.called(Pickup.ANSWERS);
        }
        boolean busy = core.rng().nextDouble() < BUSY_SHARE_OF_UNANSWERED;
        return CitizenPhone.called(busy ? Pickup.BUSY : Pickup.NO_ANSWER);
    }
}
