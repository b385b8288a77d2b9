package se.vaxel.history;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * What the history is asked for: local days {@code from} to {@code to}, both inclusive, at most {@link #MAX_DAYS},
 * none after today; one queue or (null) all. A bad parameter throws IllegalArgumentException naming it (a 400).
 */
public record HistoryQuery(LocalDate from, LocalDate to, String queue) {

    public static final int MAX_DAYS = 400;
    /** The days shown when none are asked for: the last 30 finished days. */
    public static final int DEFAULT_DAYS = 30;

    public HistoryQuery {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from: " + from + " is after to (" + to + ")");
        }
        if (days(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("from, to: at most " + MAX_DAYS + " days, not " + days(from, to) + " (" + from
                    + " to " + to + ")");
        }
        if (queue != null && !queue.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("queue: a queue's id (letters, digits, '.', '_', '-', at most 64), not '" + queue + "'");
        }
    }

    /**
     * From query parameters ({@code param} gives one, null when absent), {@code today} being the contact centre's
     * local date: with neither date the last 30 finished days; with {@code from} only, to yesterday (today when
     * {@code from} is today); with {@code to} only, the 30 days up to it.
     */
    public static HistoryQuery of(Function<String, String> param, LocalDate today) {
        LocalDate from = date(param, "from");
        LocalDate to = date(param, "to");
        if (to != null && to.isAfter(today)) {
            throw new IllegalArgumentException("to: at most today (" + today + "), not " + to);
        }
        if (to == null) {
            to = from != null && from.equals(today) ? today : today.minusDays(1);
        }
        if (from == null) {
            from = to.minusDays(DEFAULT_DAYS - 1);
        }
        String queue = param.apply("queue");
        return new HistoryQuery(from, to, queue == null || queue.isEmpty() ? null : queue);
    }

    private static LocalDate date(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": a date (2026-11-22), not '" + v + "'");
        }
    }

    private static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** Whether the days asked for take in {@code day}. */
    public boolean includes(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
