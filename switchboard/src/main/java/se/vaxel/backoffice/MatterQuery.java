package se.vaxel.backoffice;

import java.time.Instant;
import java.util.Set;

/**
 * A search of matters: the departments to look in (never empty: an officer sees only their own), and the
 * optional filters. {@code overdueAt} keeps only matters not closed whose deadline has passed at that time;
 * protected identities' matters only come with {@code includeProtected}.
 */
public record MatterQuery(Set<String> departments, Matter.Status status, String officer, String citizen, String number,
        Instant overdueAt, boolean includeProtected, int page, int size) {

    public static final int MAX_PAGE_SIZE = 200;

    public MatterQuery {
        departments = Set.copyOf(departments);
    }
}
