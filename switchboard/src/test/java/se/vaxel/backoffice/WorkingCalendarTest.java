package se.vaxel.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Feedback deadlines counted in Swedish working days. */
class WorkingCalendarTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private final WorkingCalendar calendar = WorkingCalendar.swedish(STOCKHOLM);

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(STOCKHOLM).toInstant();
    }

    @Test
    void twoWorkingDaysFromAFridayEndOnTuesday() {
        assertEquals(at("2026-11-24T16:30"), calendar.deadline(at("2026-11-20T10:15"), 2));
        assertEquals(at("2026-11-25T16:30"), calendar.deadline(at("2026-11-23T08:00"), 2), "Monday + 2 = Wednesday");
    }

    @Test
    void easterAndChristmasAreNotWorkingDays() {
        // Good Friday 2027-03-26 and Easter Monday 2027-03-29 are skipped.
        assertEquals(at("2027-03-31T16:30"), calendar.deadline(at("2027-03-25T10:00"), 2));
        // Christmas Eve, Christmas Day (Thu, Fri 2026), then New Year's Eve and Day (Thu, Fri).
        assertEquals(at("2026-12-28T16:30"), calendar.deadline(at("2026-12-23T11:00"), 1));
        assertEquals(at("2027-01-04T16:30"), calendar.deadline(at("2026-12-30T11:00"), 1));
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 6, 19)), "midsummer eve 2026");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2027, 5, 6)), "Ascension Day 2027");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 6, 6)), "national day (a Saturday anyway)");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2026, 6, 18)));
    }

    @Test
    void easterSundayIsRightForKnownYears() {
        assertEquals(LocalDate.of(2024, 3, 31), WorkingCalendar.SwedishHolidays.easterSunday(2024));
        assertEquals(LocalDate.of(2025, 4, 20), WorkingCalendar.SwedishHolidays.easterSunday(2025));
        assertEquals(LocalDate.of(2026, 4, 5), WorkingCalendar.SwedishHolidays.easterSunday(2026));
        assertEquals(LocalDate.of(2038, 4, 25), WorkingCalendar.SwedishHolidays.easterSunday(2038));
    }

    @Test
    void zeroDaysMeansTheEndOfTodayOrOfTheNextWorkingDayAfterHours() {
        assertEquals(at("2026-11-23T16:30"), calendar.deadline(at("2026-11-23T09:00"), 0));
        assertEquals(at("2026-11-24T16:30"), calendar.deadline(at("2026-11-23T17:00"), 0), "after hours");
        assertEquals(at("2026-11-23T16:30"), calendar.deadline(at("2026-11-22T12:00"), 0), "on a Sunday");
    }

    @Test
    void extraClosedDaysCount() {
        WorkingCalendar withBridgeDay = new WorkingCalendar(STOCKHOLM, calendar.workingDays(), calendar.dayEndsAt(), true,
                Set.of(LocalDate.of(2026, 11, 24)));
        assertEquals(at("2026-11-26T16:30"), withBridgeDay.deadline(at("2026-11-23T08:00"), 2));
    }
}
