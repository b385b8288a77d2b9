package se.vaxel.pbxsim.core;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Creates the channels a Dial, Queue or Originate asks for, by technology:
 * {@code PJSIP/<ext>} (a simulated agent phone), {@code PJSIP/<number>@trunk} (a citizen's phone out through the
 * trunk) and {@code Local/<exten>@<context>[/n]} (a ;1/;2 pair whose ;2 half runs the dialplan).
 */
public final class Endpoints {

    /** The context the agent phones' endpoints use (pjsip.conf). */
    static final String AGENT_CONTEXT = "agents";
    static final String TRUNK = "trunk";

    private final PbxCore core;
    private final Set<String> agentExtensions = new LinkedHashSet<>();

    Endpoints(PbxCore core) {
        this.core = core;
    }

    /** Registers an agent phone (from queues.conf members and pjsip.conf endpoints). */
    public void addAgentPhone(String extension) {
        agentExtensions.add(extension);
    }

    public Set<String> agentPhones() {
        return agentExtensions;
    }

    /**
     * A new outgoing channel for a dial string, in state Down, or null when the target does not exist
     * (CHANUNAVAIL). The caller (if any) gives the Linkedid, caller ID and inherited variables.
     */
    Channel request(String target, Channel caller, String uniqueid, String otherUniqueid) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String tech = target.substring(0, slash);
        String rest = target.substring(slash + 1);
        if (tech.equalsIgnoreCase("PJSIP")) {
            int at = rest.indexOf('@');
            if (at >= 0) {
                if (!rest.substring(at + 1).equals(TRUNK)) {
                    return null;
                }
                String number = rest.substring(0, at);
                Channel ch = outgoing("PJSIP/" + TRUNK, "citizen-in", number, caller, uniqueid, null);
                // the citizen's phone shows the connected line: the caller's number, as chan_pjsip sends it
                ch.phone = core.trunk.dial(number, ch.connNum);
                return ch;
            }
            if (!agentExtensions.contains(rest)) {
                return null;
            }
            return outgoing("PJSIP/" + rest, AGENT_CONTEXT, rest, caller, uniqueid, new AgentPhone(rest));
        }
        if (tech.equalsIgnoreCase("Local")) {
            return local(rest, caller, uniqueid, otherUniqueid);
        }
        return null;
    }

    private Channel outgoing(String device, String context, String exten, Channel caller, String uniqueid, Phone phone) {
        String name = device + "-" + String.format("%08x", core.nextChanIndex());
        Channel ch = core.newChannel(name, device, context, exten, 0, caller, uniqueid);
        ch.phone = phone;
        if (caller != null) {
            core.inheritVars(caller, ch);
            ch.cidNum = caller.cidNum;
            ch.cidName = caller.cidName;
            core.emit(Events.newCallerid(ch));
            ch.connNum = caller.cidNum;
            ch.connName = caller.cidName;
        }
        return ch;
    }

    /** {@code exten@context[/n]}: Newchannel ;1 (Down) and ;2 (Ring), then LocalBridge; ;2 starts its dialplan. */
    private Channel local(String rest, Channel caller, String uniqueid, String otherUniqueid) {
        String spec = rest.endsWith("/n") ? rest.substring(0, rest.length() - 2) : rest;
        int at = spec.indexOf('@');
        String exten = at < 0 ? spec : spec.substring(0, at);
        String context = at < 0 ? "default" : spec.substring(at + 1);
        String base = "Local/" + exten + "@" + context + "-" + String.format("%08x", core.nextLocalIndex());
        String device = "Local/" + exten + "@" + context;
        Channel one = core.newChannel(base + ";1", device, context, exten, 0, caller, uniqueid);
        Channel two = core.newChannel(base + ";2", device, context, exten, 4, caller != null ? caller : one,
                otherUniqueid);
        one.localOne = true;
        one.localPeer = two;
        two.localPeer = one;
        if (caller != null) {
            core.inheritVars(caller, one);
            core.setCallerId(one, caller.cidNum, caller.cidName);
            core.inheritVars(caller, two);
            core.setCallerId(two, caller.cidNum, caller.cidName);
            core.setConnected(two, caller.cidNum, caller.cidName);
        }
        core.emit(Events.localBridge(one, two, context, exten));
        if (!core.dialplan().hasContext(context) || core.dialplan().find(context, exten) == null) {
            two.pbxRunning = true;
            // nothing to run: the pair fails at once, as Asterisk's Local channel does for a missing extension
            core.execute(() -> {
                core.hangup(one, 0, PbxCore.HangupKind.SILENT);
            });
            return one;
        }
        core.execute(() -> {
            if (!two.hungUp) {
                core.runner.run(two);
            }
        });
        return one;
    }

    /** The PBX starts ringing an outgoing channel: its phone (if simulated) reacts. */
    void alert(Channel ch) {
        if (ch.phone != null) {
            ch.phone.alerted(core, ch);
        }
    }

    /** A citizen calls in through the trunk: {@code PJSIP/trunk-0000000N} in [citizen-in], state Ring. */
    public Channel inbound(String callerNumber, String did, CitizenPhone phone) {
        String device = "PJSIP/" + TRUNK;
        String name = device + "-" + String.format("%08x", core.nextChanIndex());
        String exten = did == null || did.isEmpty() ? "s" : did;
        Channel ch = core.newChannel(name, device, "citizen-in", exten, 4, null, null, callerNumber);
        ch.phone = phone;
        core.updateDevice(device);
        core.execute(() -> core.runner.run(ch));
        return ch;
    }
}
