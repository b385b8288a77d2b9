package se.vaxel.pbxsim.conf;

/** One priority of an extension: {@code exten => 1001,2(label),Dial(PJSIP/1001,20)}. */
public record Step(int priority, String label, String app, String data, int line) {
}
