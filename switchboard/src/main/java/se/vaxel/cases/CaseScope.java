package se.vaxel.cases;

import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.vaxel.auth.Staff;

/**
 * The part of the register a member of staff sees. The register is personal data, so each sees what their work
 * needs: supervisors and administrators the whole register; an agent the cases of their own phone (offered to it
 * or answered at it; the screen pop brings the citizen's history); a handling officer the cases transferred to
 * their departments. Someone with both roles sees both parts; someone with neither sees nothing.
 *
 * @param phone       the agent's phone whose cases they see, or null
 * @param departments the departments whose transferred cases they see
 */
public record CaseScope(boolean wholeRegister, String phone, Set<String> departments) {

    public static final CaseScope WHOLE_REGISTER = new CaseScope(true, null, Set.of());

    public CaseScope {
        departments = Set.copyOf(departments);
    }

    /** What this member of staff sees; {@code phone} is theirs when they are an agent with one. */
    public static CaseScope of(Staff staff, Optional<String> phone) {
        if (staff.hasAny(List.of(Staff.SUPERVISOR, Staff.ADMIN))) {
            return WHOLE_REGISTER;
        }
        return new CaseScope(false, staff.has(Staff.AGENT) ? phone.orElse(null) : null,
                staff.has(Staff.OFFICER) ? staff.departments() : Set.of());
    }

    /** Whether the case is in this part of the register. */
    public boolean covers(Case c) {
        return wholeRegister || HandledBy.handledBy(c, phone) || (c.department() != null && departments.contains(c.department()));
    }

    /** The same as a Hazelcast predicate, evaluated where the cases live; null for the whole register. */
    @SuppressWarnings("unchecked")
    Predicate<String, Case> predicate() {
        if (wholeRegister) {
            return null;
        }
        List<Predicate<String, Case>> any = new ArrayList<>();
        if (phone != null) {
            any.add(new HandledBy(phone));
        }
        if (!departments.isEmpty()) {
            any.add(Predicates.in("department", departments.toArray(String[]::new)));
        }
        return switch (any.size()) {
            case 0 -> Predicates.alwaysFalse();
            case 1 -> any.get(0);
            default -> Predicates.or(any.toArray(Predicate[]::new));
        };
    }
}
