package se.vaxel.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a service answers: time ranges per weekday in the contact centre's time zone, and closed dates
 * (public holidays). A service without opening hours is always open.
 */
public record OpeningHours(ZoneId zone, Map<DayOfWeek, List<Range>> week, Set<LocalDate> closedDates) {

    public record Range(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    public static OpeningHours always(ZoneId zone) {
        return new OpeningHours(zone, null, Set.of());
    }

    public boolean isOpen(Instant at) {
        if (week == null) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        if (closedDates.contains(local.toLocalDate())) {
            return false;
        }
        return week.getOrDefault(local.getDayOfWeek(), List.of()).stream().anyMatch(r -> r.contains(local.toLocalTime()));
    }
}
