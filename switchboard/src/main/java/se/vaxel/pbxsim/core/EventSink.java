package se.vaxel.pbxsim.core;

import se.vaxel.ami.protocol.AmiMessage;

/** Where the core's events go (an AMI session). Called on the core thread only. */
public interface EventSink {
    void event(AmiMessage event);

    /** End of one core task: hand what was collected to the network in one go. */
    void flush();
}
