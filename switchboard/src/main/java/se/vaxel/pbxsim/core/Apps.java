package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The dialplan applications the simulator knows. Each returns at once; a waiting application parks the channel
 * with a {@link Blocker} and resumes the loop from a timer or an event.
 */
final class Apps {

    private static final Logger log = LoggerFactory.getLogger(Apps.class);
    /** How long a prompt (Playback, Background, Read's prompt) plays. */
    static final long PROMPT_MS = 1500;

    private final PbxCore core;
    private final DialplanRunner runner;
    private final DialApp dial;

    Apps(PbxCore core, DialplanRunner runner) {
        this.core = core;
        this.runner = runner;
        this.dial = new DialApp(core, runner);
    }

    /** What still runs on a hung-up channel (its h extension): applications that neither wait for nor signal it. */
    private static final Set<String> RUN_WHEN_HUNG_UP =
            Set.of("noop", "verbose", "log", "set", "execif", "goto", "gotoif", "userevent");

    Result exec(Channel ch, String app, String data) {
        if (ch.hungUp && !RUN_WHEN_HUNG_UP.contains(app.toLowerCase())) {
            // Asterisk's applications return -1 at once on a hung-up channel: that ends the h extension
            return Result.HANGUP;
        }
        switch (app.toLowerCase()) {
            case "noop", "verbose", "log", "progress", "set_music_on_hold":
                return Result.NEXT;
            case "answer":
                core.answer(ch);
                return Result.NEXT;
            case "ringing":
                core.ringing(ch);
                return Result.NEXT;
            case "set":
                return set(ch, data);
            case "execif":
                return execIf(ch, data);
            case "goto":
                return gotoApp(ch, data);
            case "gotoif":
                return gotoIf(ch, data);
            case "userevent":
                userEvent(ch, data);
                return Result.NEXT;
            case "wait":
                return waitFor(ch, seconds(first(data), 0) );
            case "playback", "background":
                return playback(ch, data);
            case "saynumber":
                return sayNumber(ch, data);
            case "saydigits":
                return waitMs(ch, Say.digits(data) * Say.WORD_MS);
            case "sayalpha":
                return waitMs(ch, data.length() * Say.WORD_MS);
            case "musiconhold":
                return musicOnHold(ch, data);
            case "startmusiconhold":
                startMusic(ch, data);
                return Result.NEXT;
            case "stopmusiconhold":
                stopMusic(ch);
                return Result.NEXT;
            case "read":
                return read(ch, data);
            case "waitexten":
                return waitExten(ch, data);
            case "senddtmf":
                return sendDtmf(ch, data);
            case "dial":
                return dial.exec(ch, data);
            case "queue":
                return core.queues.exec(ch, data, runner);
            case "hangup":
                int cause = data.isBlank() ? 16 : (int) seconds(data, 16);
                core.hangup(ch, cause, PbxCore.HangupKind.SOFT);
                return Result.BLOCKED;
            default:
                // Asterisk ends the call when a step names an application it does not have
                log.warn("No application '{}' (pbxsim supports a subset); hanging up {}", app, ch.name);
                return Result.HANGUP;
        }
    }

    static List<String> args(String data) {
        // commas inside parentheses or quotes do not split (ExecIf(...?Set(A=1,2)))
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quote = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '"') {
                quote = !quote;
            } else if (c == '(' && !quote) {
                depth++;
            } else if (c == ')' && !quote) {
                depth--;
            } else if (c == ',' && depth == 0 && !quote) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    private static String first(String data) {
        return args(data).get(0);
    }

    static String arg(List<String> a, int i) {
        return i < a.size() ? a.get(i).strip() : "";
    }

    static double seconds(String s, double dflt) {
        try {
            return s == null || s.isBlank() ? dflt : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private Result set(Channel ch, String data) {
        int eq = data.indexOf('=');
        if (eq <= 0) {
            log.warn("Set without '=' on {}", ch.name);
            return Result.NEXT;
        }
        core.setVar(ch, data.substring(0, eq).strip(), data.substring(eq + 1));
        return Result.NEXT;
    }

    private Result execIf(Channel ch, String data) {
        int q = data.indexOf('?');
        if (q < 0) {
            return Result.NEXT;
        }
        String cond = data.substring(0, q).strip();
        String rest = data.substring(q + 1);
        // split "app1(args):app2(args)" at the ':' outside parentheses
        int depth = 0;
        int colon = -1;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ':' && depth == 0) {
                colon = i;
                break;
            }
        }
        String branch = Expr.truthy(cond) ? (colon < 0 ? rest : rest.substring(0, colon))
                : (colon < 0 ? "" : rest.substring(colon + 1));
        branch = branch.strip();
        if (branch.isEmpty()) {
            return Result.NEXT;
        }
        int open = branch.indexOf('(');
        String app = open < 0 ? branch : branch.substring(0, open);
        String args = open < 0 ? "" : branch.substring(open + 1, branch.lastIndexOf(')'));
        return exec(ch, app.strip(), args);
    }

    private Result gotoApp(Channel ch, String data) {
        List<String> a = args(data);
        boolean ok = switch (a.size()) {
            case 1 -> runner.jump(ch, null, null, arg(a, 0));
            case 2 -> runner.jump(ch, null, arg(a, 0), arg(a, 1));
            default -> runner.jump(ch, arg(a, 0), arg(a, 1), arg(a, 2));
        };
        if (!ok) {
            // the target may hold a citizen's number: the details only at DEBUG
            log.warn("Goto failed on {} (no such context/extension/priority)", ch.name);
            log.debug("Goto ({}) failed on {}", data, ch.name);
            return Result.HANGUP;
        }
        return Result.JUMPED;
    }

    private Result gotoIf(Channel ch, String data) {
        int q = data.indexOf('?');
        if (q < 0) {
            return Result.NEXT;
        }
        String[] targets = data.substring(q + 1).split(":", 2);
        String target = Expr.truthy(data.substring(0, q).strip()) ? targets[0] : (targets.length > 1 ? targets[1] : "");
        if (target.isBlank()) {
            return Result.NEXT;
        }
        return gotoApp(ch, target);
    }

    private void userEvent(Channel ch, String data) {
        List<String> a = args(data);
        AmiMessage.Builder b = Events.channelEvent("UserEvent", Events.USER, ch).add("UserEvent", arg(a, 0));
        for (int i = 1; i < a.size(); i++) {
            String kv = a.get(i);
            int colon = kv.indexOf(':');
            if (colon > 0) {
                b.add(kv.substring(0, colon).strip(), kv.substring(colon + 1).strip());
            }
        }
        core.emit(b.build());
    }

    /** Parks the channel for a while; a hang-up or Redirect cancels the timer. */
    Result waitFor(Channel ch, double seconds) {
        return waitMs(ch, (long) (seconds * 1000));
    }

    private Result waitMs(Channel ch, long ms) {
        Blocker b = new Blocker() {
        };
        ch.blocker = b;
        b.timer = core.schedule(ms, () -> {
            if (ch.blocker == b) {
                runner.resume(ch);
            }
        });
        return Result.BLOCKED;
    }

    private Result playback(Channel ch, String data) {
        String files = first(data);
        int n = files.isBlank() ? 0 : files.split("&").length;
        return waitMs(ch, n * PROMPT_MS);
    }

    /**
     * SayNumber(number[,gender]): a number that does not parse is skipped with a warning and the dialplan goes on;
     * no number at all, or a bad gender, ends the call (the app returns -1 in Asterisk).
     */
    private Result sayNumber(Channel ch, String data) {
        if (data.isEmpty()) {
            log.warn("SayNumber without a number on {}: the channel hangs up, as in Asterisk", ch.name);
            return Result.HANGUP;
        }
        String[] a = data.split(",", -1);
        int n;
        try {
            n = Integer.parseInt(a[0].stripLeading());
        } catch (NumberFormatException e) {
            // the argument might be a citizen's number: its value only at DEBUG
            log.warn("SayNumber argument on {} is not a number; nothing said", ch.name);
            log.debug("SayNumber({}) on {}", data, ch.name);
            return Result.NEXT;
        }
        if (a.length > 1 && !List.of("f", "m", "c", "n").contains(a[1].toLowerCase())) {
            log.warn("SayNumber gender option '{}' on {} is not f, m, c or n: the channel hangs up", a[1], ch.name);
            return Result.HANGUP;
        }
        return waitMs(ch, Say.numberWords(n) * Say.WORD_MS);
    }

    private Result musicOnHold(Channel ch, String data) {
        List<String> a = args(data);
        String cls = arg(a, 0).isEmpty() ? "default" : arg(a, 0);
        double secs = seconds(arg(a, 1), 0);
        core.emit(Events.channelEvent("MusicOnHoldStart", Events.CALL, ch).add("Class", cls).build());
        Blocker b = new Blocker() {
            @Override
            void interrupt(Reason reason) {
                super.interrupt(reason);
                core.emit(Events.simple("MusicOnHoldStop", Events.CALL, ch));
            }
        };
        ch.blocker = b;
        if (secs > 0) {
            b.timer = core.schedule((long) (secs * 1000), () -> {
                if (ch.blocker == b) {
                    ch.blocker = null;
                    core.emit(Events.simple("MusicOnHoldStop", Events.CALL, ch));
                    runner.resume(ch);
                }
            });
        }
        if (ch.phone != null) {
            ch.phone.waiting(core, ch);
        }
        return Result.BLOCKED;
    }

    /**
     * StartMusicOnHold(class): music plays while the dialplan goes on (a Wait, say) until StopMusicOnHold. The
     * citizen is on hold from here: their patience starts counting, as with MusicOnHold.
     */
    private void startMusic(Channel ch, String data) {
        String cls = first(data).isEmpty() ? "default" : first(data);
        if (ch.musicClass == null) {
            core.emit(Events.channelEvent("MusicOnHoldStart", Events.CALL, ch).add("Class", cls).build());
        }
        ch.musicClass = cls;
        if (ch.phone != null) {
            ch.phone.waiting(core, ch);
        }
    }

    private void stopMusic(Channel ch) {
        if (ch.musicClass != null) {
            ch.musicClass = null;
            core.emit(Events.simple("MusicOnHoldStop", Events.CALL, ch));
        }
    }

    /** Read(var,prompt,maxdigits,options,attempts,timeout): collects digits the caller sends as DTMF. */
    private Result read(Channel ch, String data) {
        List<String> a = args(data);
        String var = arg(a, 0);
        String promptFile = arg(a, 1);
        boolean prompt = !promptFile.isEmpty();
        int max = (int) seconds(arg(a, 2), 255);
        int attempts = Math.max(1, (int) seconds(arg(a, 4), 1));
        double timeout = seconds(arg(a, 5), 10);
        long perAttempt = (prompt ? PROMPT_MS : 0) + (long) (timeout * 1000);
        StringBuilder digits = new StringBuilder();
        Blocker b = new Blocker() {
            int left = attempts;

            @Override
            void digit(char d) {
                if (d != '#') {
                    digits.append(d);
                }
                if (d == '#' || (max > 0 && digits.length() >= max)) {
                    finish("OK");
                }
            }

            void expired() {
                if (digits.length() > 0) {
                    finish("OK");
                } else if (--left > 0) {
                    timer = core.schedule(perAttempt, this::expired);
                    wantDigits(ch, promptFile);
                } else {
                    finish("TIMEOUT");
                }
            }

            private void finish(String status) {
                cancelTimer();
                if (ch.blocker != this) {
                    return;
                }
                core.setPlainVar(ch, var, digits.toString());
                core.setPlainVar(ch, "READSTATUS", status);
                runner.resume(ch);
            }

            Blocker start() {
                timer = core.schedule(perAttempt, this::expired);
                return this;
            }
        }.start();
        ch.blocker = b;
        wantDigits(ch, promptFile);
        return Result.BLOCKED;
    }

    private void wantDigits(Channel ch, String prompt) {
        Channel caller = ch.localPeer != null && !ch.localOne ? ch.localPeer : ch;
        if (caller.phone != null) {
            caller.phone.digitsWanted(core, ch, prompt);
        }
    }

    /** WaitExten(seconds): a digit jumps to that extension (or "i"), a timeout to "t" (or hangs up). */
    private Result waitExten(Channel ch, String data) {
        double timeout = seconds(first(data), 10);
        Blocker b = new Blocker() {
            @Override
            void digit(char d) {
                cancelTimer();
                ch.blocker = null;
                String ext = String.valueOf(d);
                if (!runner.jump(ch, ch.context, ext, "1") && !runner.jump(ch, ch.context, "i", "1")) {
                    core.hangup(ch, 16, PbxCore.HangupKind.SILENT);
                    return;
                }
                runner.run(ch);
            }
        };
        ch.blocker = b;
        b.timer = core.schedule((long) (timeout * 1000), () -> {
            if (ch.blocker != b) {
                return;
            }
            ch.blocker = null;
            if (runner.jump(ch, ch.context, "t", "1")) {
                runner.run(ch);
            } else {
                core.hangup(ch, 16, PbxCore.HangupKind.SILENT);
            }
        });
        wantDigits(ch, "");
        return Result.BLOCKED;
    }

    /** SendDTMF on a Local ;1 reaches the ;2 half as received digits (as recorded); elsewhere it is sent out. */
    private Result sendDtmf(Channel ch, String data) {
        String digits = first(data);
        for (char d : digits.toCharArray()) {
            if (ch.localOne && ch.localPeer != null && !ch.localPeer.hungUp) {
                core.dtmf(ch.localPeer, d);
            } else {
                core.emit(Events.channelEvent("DTMFBegin", Events.DTMF, ch).add("Digit", String.valueOf(d))
                        .add("Direction", "Sent").build());
                core.emit(Events.channelEvent("DTMFEnd", Events.DTMF, ch).add("Digit", String.valueOf(d))
                        .add("DurationMs", "100").add("Direction", "Sent").build());
            }
        }
        return Result.NEXT;
    }
}
