package se.vaxel.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Typed query parameters for the JSON APIs; a bad one throws IllegalArgumentException naming it (for a 400). */
public final class QueryParams {

    private QueryParams() {}

    /** A date ({@code 2026-11-23}, UTC midnight) or an instant; null when absent. */
    public static Instant instant(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": a date (2026-11-23) or an instant (2026-11-23T08:00:00Z), not '" + v + "'");
        }
    }

    /** A whole number in [min, max]; the fallback when absent. */
    public static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": a whole number " + min + "-" + max + ", not '" + v + "'");
        }
    }
}
