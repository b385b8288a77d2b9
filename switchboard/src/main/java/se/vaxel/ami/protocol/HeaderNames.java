package se.vaxel.ami.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Turns header-name bytes into Strings, reusing one String per distinct name. AMI repeats a few hundred
 * names millions of times; decoding each afresh was the decoder's largest cost, and sharing them also
 * saves the memory of every stored message. A fixed table: a name that collides is simply decoded anew.
 */
final class HeaderNames {

    private static final int SLOTS = 1024; // power of two, well above the names Asterisk 20 uses
    private static final int MAX_NAME = 48;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] names = new String[SLOTS];

    String name(byte[] buf, int from, int length) {
        if (length > MAX_NAME) {
            return new String(buf, from, length, StandardCharsets.ISO_8859_1);
        }
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && equal(key, buf, from, length)) {
            return names[slot];
        }
        String name = new String(buf, from, length, StandardCharsets.ISO_8859_1);
        byte[] copy = new byte[length];
        System.arraycopy(buf, from, copy, 0, length);
        names[slot] = name;
        keys[slot] = copy;
        return name;
    }

    private static boolean equal(byte[] key, byte[] buf, int from, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != buf[from + i]) {
                return false;
            }
        }
        return true;
    }
}
