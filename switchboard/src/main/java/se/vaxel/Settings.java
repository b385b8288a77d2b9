package se.vaxel;

import java.util.Map;

/** Reads typed values from VAXEL_* settings, with errors that name the setting and the bad value. */
final class Settings {

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = values;
    }

    String text(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    double share(String key, double fallback) {
        double v = number(key, fallback);
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, not " + v);
        }
        return v;
    }

    /** A whole number (days, minutes): 1.5 is an error, not 1. */
    int wholeNumber(String key, long fallback) {
        double v = number(key, fallback);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + values.get(key));
        }
        return (int) v;
    }

    int port(String key, int fallback) {
        double p = number(key, fallback);
        if (p < 0 || p > 65535 || p != Math.rint(p)) {
            throw new IllegalArgumentException(key + " must be a port number (0-65535), not " + values.get(key));
        }
        return (int) p;
    }

    /** A range of seconds written {@code min-max} (or one number for both). */
    double[] secondsRange(String key, double min, double max) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return new double[] {min, max};
        }
        String[] parts = v.trim().split("\\s*-\\s*");
        try {
            double a = Double.parseDouble(parts[0]);
            double b = parts.length > 1 ? Double.parseDouble(parts[1]) : a;
            if (parts.length > 2 || a < 0 || b < a) {
                throw new NumberFormatException();
            }
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be seconds as min-max (e.g. 20-120), not '" + v + "'");
        }
    }
}
