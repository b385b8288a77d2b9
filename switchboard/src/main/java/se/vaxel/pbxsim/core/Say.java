package se.vaxel.pbxsim.core;

/**
 * How many recordings Asterisk's English say functions string together, so that SayNumber, SayDigits and SayAlpha
 * take about as long as on a real PBX without playing anything. Each recording counts {@link #WORD_MS}.
 */
final class Say {

    /** One spoken word, digit or letter. */
    static final long WORD_MS = 600;

    private Say() {
    }

    /** Words in an English number: 27 is "twenty seven", 300 "three hundred", -4 "minus four". */
    static int numberWords(long n) {
        if (n < 0) {
            return 1 + numberWords(-n);
        }
        if (n < 20) {
            return 1;
        }
        if (n < 100) {
            return n % 10 == 0 ? 1 : 2;
        }
        if (n < 1000) {
            return 2 + (n % 100 == 0 ? 0 : numberWords(n % 100));
        }
        long[] scales = {1_000_000_000L, 1_000_000L, 1000L};
        for (long scale : scales) {
            if (n >= scale) {
                return numberWords(n / scale) + 1 + (n % scale == 0 ? 0 : numberWords(n % scale));
            }
        }
        throw new AssertionError(n);
    }

    /** SayDigits says 0-9, * (star), # (pound) and - (minus); anything else is skipped. */
    static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '*' || c == '#' || c == '-') {
                n++;
            }
        }
        return n;
    }
}
