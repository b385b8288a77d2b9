package se.vaxel.backoffice;

import java.util.Set;

/**
 * A handling officer in the back office: works the matters of one or more departments and calls citizens
 * back from their own phone.
 *
 * @param id          the officer's staff id (the same as their log-in)
 * @param device      the officer's phone as Asterisk dials it, e.g. {@code PJSIP/2001}; rung first on a call back
 */
public record HandlingOfficer(String id, String name, Set<String> departments, String device) {

    public HandlingOfficer {
        departments = Set.copyOf(departments);
    }

    public boolean worksIn(String department) {
        return departments.contains(department);
    }
}
