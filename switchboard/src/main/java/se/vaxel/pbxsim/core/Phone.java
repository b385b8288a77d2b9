package se.vaxel.pbxsim.core;

/** A simulated device on a channel: an agent's desk phone or a citizen's mobile. */
sealed interface Phone permits AgentPhone, CitizenPhone {
    /** The PBX rings this phone (an outgoing channel). */
    default void alerted(PbxCore core, Channel ch) {
    }

    /** The call got connected to someone (bridged). */
    default void connected(PbxCore core, Channel ch) {
    }

    /** A dialplan application waits for digits on this channel: Read with its prompt, WaitExten with "". */
    default void digitsWanted(PbxCore core, Channel ch, String prompt) {
    }

    /** The channel starts waiting (Queue, MusicOnHold). */
    default void waiting(PbxCore core, Channel ch) {
    }
}
