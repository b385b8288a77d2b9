package se.vaxel.cases;

import java.util.Collection;
import java.util.Set;

/**
 * What holds a closed case back from being anonymised or deleted although its time has come, e.g. an open
 * matter in the back office that still needs the citizen's number. Asked by {@link CaseRetention} on its own
 * thread, never an event loop, with a batch of case ids at a time (up to a few hundred); it may block (a query
 * of another map, the database). The default holds nothing back.
 */
@FunctionalInterface
public interface RetentionHold {

    RetentionHold NONE = caseIds -> Set.of();

    /** Of these case ids, those that must be kept as they are for now; the others may be anonymised or deleted. */
    Set<String> heldBack(Collection<String> caseIds);
}
