package se.vaxel.audit;

import java.util.List;

/** Where the audit log goes. Blocking; called by {@link AuditLog} from one worker at a time. */
public interface AuditStore {

    /** Writes the batch, all or nothing; throws when it cannot (the batch is tried again). */
    void write(List<CaseAccess> batch);
}
