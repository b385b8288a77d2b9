package se.vaxel.cases;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * Retention's changes, applied where the case lives like {@link CaseChange}: each checks again that the case is
 * closed before the cut-off (it may have changed since it was found), so a repeated or late one does nothing.
 * Answers whether it changed the case.
 */
sealed interface RetentionChange extends EntryProcessor<String, Case, Boolean>, Serializable {

    /** Removes what identifies the citizen (see {@link Anonymisation}), once. */
    record Anonymise(Instant endedBefore, Instant at) implements RetentionChange {
        @Override
        public Boolean process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || !c.closedBefore(endedBefore) || c.anonymisedAt() != null) {
                return false;
            }
            e.setValue(Anonymisation.of(c, at));
            return true;
        }
    }

    /** Removes the case from the register; the MapStore deletes its row (written behind like any change). */
    record Delete(Instant endedBefore) implements RetentionChange {
        @Override
        public Boolean process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || !c.closedBefore(endedBefore)) {
                return false;
            }
            e.setValue(null);
            return true;
        }
    }
}
