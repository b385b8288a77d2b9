package se.vaxel.privacy;

/**
 * Masks personal data before it reaches a log. Phone numbers keep their last three digits (enough to tell
 * two calls apart while reading a log, too few to call anyone back); personal identity numbers keep none.
 */
public final class Masking {

    private Masking() {}

    public static String phone(String number) {
        if (number == null || number.isEmpty()) {
            return "-";
        }
        int keep = Math.min(3, Math.max(0, number.length() - 4));
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length() - keep; i++) {
            char c = number.charAt(i);
            sb.append(Character.isDigit(c) ? '*' : c);
        }
        return sb.append(number, number.length() - keep, number.length()).toString();
    }

    /** Swedish personal identity numbers (YYYYMMDD-NNNN and shorter forms) are masked whole. */
    public static String personalIdentityNumber(String pin) {
        return pin == null || pin.isEmpty() ? "-" : "********-****";
    }
}
