package se.vaxel.pbxsim.conf;

import java.util.List;

/** One queue from queues.conf with the settings the simulator honours. Times in seconds. */
public record QueueDef(String name, String strategy, int timeout, int retry, int wrapuptime, boolean ringinuse,
                       boolean joinempty, boolean leavewhenempty, int servicelevel, int maxlen, int weight,
                       String musicclass, List<MemberDef> members) {

    /** {@code member => interface,penalty,membername,state_interface}. */
    public record MemberDef(String iface, int penalty, String name, String stateInterface) {
    }
}
