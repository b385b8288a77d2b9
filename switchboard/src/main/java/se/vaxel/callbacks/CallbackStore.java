package se.vaxel.callbacks;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Where callbacks are kept so that they survive a restart. Blocking: call it off the event loop. */
public interface CallbackStore {

    /** Writes each callback's current state in one batch; an earlier state of the same callback is replaced. */
    void saveAll(Collection<Callback> callbacks);

    /** Open callbacks, and missed ones updated since {@code missedSince} (still recognisable). */
    List<Callback> loadOpen(Instant missedSince);
}
