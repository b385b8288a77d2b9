package se.vaxel.pbxsim.core;

import java.util.concurrent.ScheduledFuture;

/** An application that holds its channel (Wait, MusicOnHold, Read, Dial, Queue) until a timer or an event. */
abstract class Blocker {

    enum Reason { HANGUP, REDIRECT }

    ScheduledFuture<?> timer;

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The channel hangs up or is redirected: undo what the app holds (timers, MOH, queue entry, dialled legs). */
    void interrupt(Reason reason) {
        cancelTimer();
    }

    /** A DTMF digit arrived while this app runs. */
    void digit(char d) {
    }
}
