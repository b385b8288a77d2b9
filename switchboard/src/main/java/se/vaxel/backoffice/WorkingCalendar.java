package se.vaxel.backoffice;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The municipality's working days: which weekdays the back office works, its public holidays (Sweden's by
 * default, plus any extra closed days such as a "klämdag"), and the time the working day ends. A matter's
 * feedback deadline is counted in these days.
 */
public record WorkingCalendar(ZoneId zone, Set<DayOfWeek> workingDays, LocalTime dayEndsAt, boolean swedishHolidays,
        Set<LocalDate> extraClosedDays) {

    public WorkingCalendar {
        workingDays = workingDays.isEmpty() ? Set.of() : EnumSet.copyOf(workingDays);
        extraClosedDays = Set.copyOf(extraClosedDays);
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("workingDays: at least one day of the week");
        }
    }

    public static WorkingCalendar swedish(ZoneId zone) {
        return new WorkingCalendar(zone, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(16, 30), true, Set.of());
    }

    public boolean isWorkingDay(LocalDate day) {
        return workingDays.contains(day.getDayOfWeek()) && !extraClosedDays.contains(day)
                && !(swedishHolidays && SwedishHolidays.of(day.getYear()).contains(day));
    }

    /**
     * When feedback is due for a matter transferred at {@code transferredAt}: the end of the
     * {@code workingDays}-th working day after the day it was transferred (a matter transferred on Friday
     * with two working days is due on Tuesday at the day's end). Zero days: the end of the transfer's own
     * working day, or of the next one when transferred after hours or on a closed day.
     */
    public Instant deadline(Instant transferredAt, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("working days cannot be negative: " + workingDays);
        }
        ZonedDateTime at = transferredAt.atZone(zone);
        LocalDate day = at.toLocalDate();
        int left = workingDays;
        if (left == 0 && (!isWorkingDay(day) || !at.toLocalTime().isBefore(dayEndsAt))) {
            left = 1; // nothing of today is left to work in
        }
        // A year holds many working days; the bound only guards against a calendar with none (all holidays).
        for (int guard = 0; left > 0 && guard < 3_660; guard++) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        if (left > 0) {
            throw new IllegalStateException("no working day within ten years of " + transferredAt);
        }
        return day.atTime(dayEndsAt).atZone(zone).toInstant();
    }

    /** Sweden's public holidays on weekdays that offices close, and the eves they close too. */
    static final class SwedishHolidays {

        private SwedishHolidays() {}

        static Set<LocalDate> of(int year) {
            Set<LocalDate> days = new HashSet<>();
            LocalDate easter = easterSunday(year);
            days.add(LocalDate.of(year, 1, 1)); // nyårsdagen
            days.add(LocalDate.of(year, 1, 6)); // trettondedag jul
            days.add(easter.minusDays(2)); // långfredagen
            days.add(easter.plusDays(1)); // annandag påsk
            days.add(LocalDate.of(year, 5, 1)); // första maj
            days.add(easter.plusDays(39)); // Kristi himmelsfärdsdag
            days.add(LocalDate.of(year, 6, 6)); // nationaldagen
            LocalDate midsummerEve = LocalDate.of(year, 6, 19);
            while (midsummerEve.getDayOfWeek() != DayOfWeek.FRIDAY) {
                midsummerEve = midsummerEve.plusDays(1);
            }
            days.add(midsummerEve); // midsommarafton (de facto closed)
            days.add(LocalDate.of(year, 12, 24)); // julafton (de facto closed)
            days.add(LocalDate.of(year, 12, 25)); // juldagen
            days.add(LocalDate.of(year, 12, 26)); // annandag jul
            days.add(LocalDate.of(year, 12, 31)); // nyårsafton (de facto closed)
            return days;
        }

        /** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
        static LocalDate easterSunday(int year) {
            int a = year % 19;
            int b = year / 100;
            int c = year % 100;
            int d = b / 4;
            int e = b % 4;
            int f = (b + 8) / 25;
            int g = (b - f + 1) / 3;
            int h = (19 * a + b - d - g + 15) % 30;
            int i = c / 4;
            int k = c % 4;
            int l = (32 + 2 * e + 2 * i - h - k) % 7;
            int m = (a + 11 * h + 22 * l) / 451;
            int month = (h + l - 7 * m + 114) / 31;
            int day = (h + l - 7 * m + 114) % 31 + 1;
            return LocalDate.of(year, month, day);
        }
    }
}
