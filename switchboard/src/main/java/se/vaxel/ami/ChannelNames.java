package se.vaxel.ami;

/** What Asterisk's channel names say about devices. */
final class ChannelNames {

    private ChannelNames() {}

    /**
     * The device behind a channel: {@code PJSIP/1001-0000000b} is {@code PJSIP/1001},
     * {@code Local/1002@rm-phones-00000005;1} is {@code Local/1002@rm-phones}; a queue member interface
     * {@code Local/agent1@agents/n} is {@code Local/agent1@agents}.
     */
    static String device(String channel) {
        if (channel == null || channel.isEmpty()) {
            return channel;
        }
        String s = channel;
        if (s.endsWith(";1") || s.endsWith(";2")) {
            s = s.substring(0, s.length() - 2);
        }
        if (s.endsWith("/n")) {
            s = s.substring(0, s.length() - 2);
        }
        int dash = s.lastIndexOf('-');
        if (dash > s.indexOf('/') && s.length() - dash - 1 == 8 && isHex(s, dash + 1)) {
            s = s.substring(0, dash);
        }
        return s;
    }

    private static boolean isHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A caller number worth keeping: Asterisk writes {@code <unknown>} or nothing when it has none. */
    static boolean isNumber(String n) {
        return n != null && !n.isEmpty() && !n.equals("<unknown>") && !n.equals("s");
    }
}
