package se.vaxel.pbxsim.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.pbxsim.conf.Extension;
import se.vaxel.pbxsim.conf.Step;

/**
 * Walks a channel through the dialplan like Asterisk's PBX loop: Newexten per step, run the application,
 * next priority. Blocking applications park the channel and call {@link #resume} later; nothing here waits.
 */
public final class DialplanRunner {

    private static final Logger log = LoggerFactory.getLogger(DialplanRunner.class);
    private static final int STEPS_PER_TURN = 500;

    private final PbxCore core;
    private final Apps apps;

    DialplanRunner(PbxCore core) {
        this.core = core;
        this.apps = new Apps(core, this);
    }

    Apps apps() {
        return apps;
    }

    /** Starts (or continues) the PBX on a channel at its current context/exten/priority. */
    void run(Channel ch) {
        ch.pbxRunning = true;
        int steps = 0;
        while (!ch.hungUp && ch.blocker == null) {
            if (++steps > STEPS_PER_TURN) {
                // a dialplan loop without a blocking app: let other work in before going on
                core.execute(() -> run(ch));
                return;
            }
            Step s = core.dialplan().step(ch.context, ch.exten, ch.priority);
            if (s == null) {
                fallOff(ch);
                return;
            }
            ch.app = s.app();
            ch.appData = core.vars().substitute(ch, s.data());
            core.emit(Events.newexten(ch));
            Result r = apps.exec(ch, s.app(), ch.appData);
            switch (r) {
                case NEXT -> ch.priority++;
                case JUMPED -> {
                }
                case BLOCKED -> {
                    return;
                }
                case HANGUP -> {
                    core.hangup(ch, 16, PbxCore.HangupKind.SOFT);
                    return;
                }
            }
        }
    }

    /** A blocking application finished: go on with the next priority. */
    void resume(Channel ch) {
        ch.blocker = null;
        if (ch.hungUp) {
            return;
        }
        if (ch.appOnly) {
            // an Originate with Application: the channel ends when the application does
            core.hangup(ch, 16, PbxCore.HangupKind.SOFT);
            return;
        }
        ch.priority++;
        run(ch);
    }

    /** Runs one application on a channel outside the dialplan (Originate Application/Data). */
    void runApplication(Channel ch, String app, String data) {
        ch.appOnly = true;
        ch.pbxRunning = true;
        ch.app = app;
        ch.appData = data;
        Result r = apps.exec(ch, app, data);
        if (r != Result.BLOCKED) {
            core.hangup(ch, 16, PbxCore.HangupKind.SOFT);
        }
    }

    /** AMI Redirect: stop what the channel runs and continue at the new place. */
    void redirect(Channel ch, String context, String exten, int priority) {
        Blocker b = ch.blocker;
        ch.blocker = null;
        if (b != null) {
            b.interrupt(Blocker.Reason.REDIRECT);
        }
        if (ch.hungUp) {
            return;
        }
        ch.appOnly = false;
        ch.context = context;
        ch.exten = exten;
        ch.priority = priority;
        if (ch.bridge == null) {
            run(ch);
        }
    }

    /** Goto target resolution: priority may be a label of the target extension. */
    boolean jump(Channel ch, String context, String exten, String priority) {
        String ctx = context == null || context.isEmpty() ? ch.context : context;
        String ext = exten == null || exten.isEmpty() ? ch.exten : exten;
        Extension e = core.dialplan().find(ctx, ext);
        if (e == null) {
            return false;
        }
        int prio;
        try {
            prio = Integer.parseInt(priority.strip());
        } catch (NumberFormatException nfe) {
            Integer p = e.labels().get(priority.strip());
            if (p == null) {
                return false;
            }
            prio = p;
        }
        ch.context = ctx;
        ch.exten = ext;
        ch.priority = prio;
        return true;
    }

    /**
     * The PBX loop of a hanging-up channel is over: if the channel ran dialplan (not only an Originate application)
     * and its current context has an {@code h} extension, run that first, as Asterisk does before the channel goes.
     * The channel is already hung up, so it runs straight through: the variables are as the dialplan and Dial left
     * them, and an application that would wait for or signal the channel (Playback, Dial, ...) ends the run, as such
     * an application returns at once on a hung-up channel.
     */
    void runHangupExten(Channel ch) {
        if (!ch.pbxRunning || ch.appOnly || core.dialplan().find(ch.context, "h") == null) {
            return;
        }
        ch.exten = "h";
        ch.priority = 1;
        for (int steps = 0; steps < STEPS_PER_TURN; steps++) {
            Step s = core.dialplan().step(ch.context, ch.exten, ch.priority);
            if (s == null) {
                return;
            }
            ch.app = s.app();
            ch.appData = core.vars().substitute(ch, s.data());
            core.emit(Events.newexten(ch));
            Result r = apps.exec(ch, s.app(), ch.appData);
            if (r == Result.NEXT) {
                ch.priority++;
            } else if (r != Result.JUMPED) {
                return;
            }
        }
        log.warn("h extension of {} still looping after {} steps; stopped", ch.context, STEPS_PER_TURN);
    }

    /** No step at this priority: autofallthrough ends the call; a missing extension goes to "i" if there is one. */
    private void fallOff(Channel ch) {
        Extension e = core.dialplan().find(ch.context, ch.exten);
        if (e == null && core.dialplan().find(ch.context, "i") != null && !"i".equals(ch.exten)) {
            core.setPlainVar(ch, "INVALID_EXTEN", ch.exten);
            ch.exten = "i";
            ch.priority = 1;
            run(ch);
            return;
        }
        if (e == null) {
            log.debug("{} sent to invalid extension {}@{}", ch.name, ch.exten, ch.context);
        }
        core.hangup(ch, ch.isUp() ? 16 : 1, PbxCore.HangupKind.SILENT);
    }
}
