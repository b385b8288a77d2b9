package se.vaxel.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member of staff as Växel knows them once logged in: who, and what they may do. Roles are the built-in
 * {@link #AGENT}, {@link #OFFICER}, {@link #SUPERVISOR} and {@link #ADMIN}, plus any a municipality names
 * (such as {@code protected_identity}); departments say whose matters an officer handles (from the back office's
 * configuration, {@code back-office.json}: the one place that says who works in which department).
 */
public record Staff(String id, String name, Set<String> roles, Set<String> departments) {

    public static final String AGENT = "agent";
    public static final String OFFICER = "officer";
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";

    public Staff {
        roles = Set.copyOf(roles);
        departments = Set.copyOf(departments);
    }

    /** The same member of staff in these departments. */
    public Staff withDepartments(Set<String> inDepartments) {
        return new Staff(id, name, roles, inDepartments);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Whether they have at least one of these roles. */
    public boolean hasAny(Collection<String> anyOf) {
        return anyOf.stream().anyMatch(roles::contains);
    }

    /** As the API shows it: roles and departments sorted, so that answers compare equal. */
    public JsonObject json() {
        return new JsonObject().put("id", id).put("name", name)
                .put("roles", new JsonArray(new TreeSet<>(roles).stream().toList()))
                .put("departments", new JsonArray(new TreeSet<>(departments).stream().toList()));
    }
}
