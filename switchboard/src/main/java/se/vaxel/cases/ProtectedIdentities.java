package se.vaxel.cases;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.auth.Staff;

/**
 * Cases of citizens with a protected identity (skyddad identitet) are for the configured roles only
 * ({@code VAXEL_PROTECTED_IDENTITY_ROLES}); to anyone else they do not exist: a 404 when asked for, absent
 * from searches and their totals. The citizen directory decides, at read time, so a protection given after
 * the call applies to earlier cases too.
 * <p>
 * Searches filter on each case's {@code protectedIdentity} flag (set when the caller was identified, indexed,
 * evaluated on the members) so that totals and pages are right without asking the directory for every match;
 * then the directory is asked about the cases on the page, and a flag it contradicts is corrected and the search
 * run again. A protection lifted later shows its cases to everyone once one of them has been read or searched
 * by someone who may see it; until then they stay hidden (erring towards hiding).
 * Blocking (the directory may be a slow register): call off the event loop.
 */
public final class ProtectedIdentities {

    private static final Logger log = LoggerFactory.getLogger(ProtectedIdentities.class);
    /** Searches run again after correcting flags at most this often; then the page is filtered as it stands. */
    private static final int ROUNDS = 3;

    /** A case as checked against the directory now: its citizen (null: none known) and whether protected. */
    public record Checked(Case found, Citizen citizen, boolean protectedNow) {}

    private final CitizenDirectory directory;
    private final Set<String> roles;

    public ProtectedIdentities(CitizenDirectory directory, Set<String> roles) {
        this.directory = directory;
        this.roles = Set.copyOf(roles);
    }

    /** Whether this member of staff may see protected identities' cases. */
    public boolean mayKnow(Staff staff) {
        return staff.hasAny(roles);
    }

    public boolean maySee(Staff staff, Checked checked) {
        return !checked.protectedNow() || mayKnow(staff);
    }

    /** Blocking: the case checked against the directory; a flag the directory contradicts is corrected. */
    public Checked check(CaseRegister register, Case c) {
        Map<String, Optional<Citizen>> known = new HashMap<>();
        Checked checked = check(c, known);
        if (checked.protectedNow() != c.protectedIdentity()) {
            register.apply(c.id(), new CaseChange.ProtectionChecked(c.citizenId(), checked.protectedNow())).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Protection flag of case {} not corrected: {}", c.id(), e.toString());
                }
            });
        }
        return checked;
    }

    /** Blocking: one page of the search as this member of staff may see it, the total counting only that. */
    public CasePage search(CaseRegister register, CaseQuery query, Staff staff) {
        boolean all = mayKnow(staff);
        Map<String, Optional<Citizen>> known = new HashMap<>();
        for (int round = 1;; round++) {
            CasePage page = register.search(query, all);
            List<Checked> stale = new ArrayList<>();
            for (Case c : page.cases()) {
                Checked checked = check(c, known);
                if (checked.protectedNow() != c.protectedIdentity()) {
                    stale.add(checked);
                }
            }
            if (stale.isEmpty()) {
                return page;
            }
            for (Checked s : stale) {
                register.apply(s.found().id(), new CaseChange.ProtectionChecked(s.found().citizenId(), s.protectedNow()))
                        .toCompletableFuture().join();
            }
            if (round == ROUNDS) {
                List<Case> visible = page.cases().stream().filter(c -> all || !check(c, known).protectedNow()).toList();
                return new CasePage(page.total() - (page.cases().size() - visible.size()), page.page(), page.size(), visible);
            }
        }
    }

    /** The directory's word when it knows the citizen; else the flag as it stands (a citizen gone from it stays hidden). */
    private Checked check(Case c, Map<String, Optional<Citizen>> known) {
        if (c.citizenId() == null) {
            return new Checked(c, null, c.protectedIdentity());
        }
        Citizen citizen = known.computeIfAbsent(c.citizenId(), directory::byId).orElse(null);
        return new Checked(c, citizen, citizen != null ? citizen.protectedIdentity() : c.protectedIdentity());
    }
}
