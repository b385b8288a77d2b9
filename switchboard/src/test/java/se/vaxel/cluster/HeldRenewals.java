package se.vaxel.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * A node's way to the lease map with its renewals held back, as a paused process or a slow network would: either
 * the requests wait before they are sent, or they are applied and their answers wait. {@link #letGo} sends or
 * answers what was held, late.
 */
final class HeldRenewals implements UnaryOperator<LeaseStore> {

    enum Hold { NOTHING, REQUESTS, ANSWERS }

    private volatile Hold hold = Hold.NOTHING;
    private final List<Runnable> held = new ArrayList<>();

    void hold(Hold what) {
        hold = what;
    }

    /** Stops holding, then sends (or answers) everything held. */
    void letGo() {
        hold = Hold.NOTHING;
        List<Runnable> now;
        synchronized (held) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(Runnable::run);
    }

    @Override
    public LeaseStore apply(LeaseStore real) {
        return (pbx, request) -> {
            Hold h = hold;
            if (!(request instanceof LeaseRequest.Renew) || h == Hold.NOTHING) {
                return real.submit(pbx, request);
            }
            CompletableFuture<LeaseAnswer> later = new CompletableFuture<>();
            if (h == Hold.REQUESTS) {
                keep(() -> forward(real.submit(pbx, request), later));
            } else {
                real.submit(pbx, request).whenComplete((a, e) -> keep(() -> settle(later, a, e)));
            }
            return later;
        };
    }

    private void keep(Runnable r) {
        synchronized (held) {
            held.add(r);
        }
    }

    private static void forward(CompletionStage<LeaseAnswer> from, CompletableFuture<LeaseAnswer> to) {
        from.whenComplete((a, e) -> settle(to, a, e));
    }

    private static void settle(CompletableFuture<LeaseAnswer> f, LeaseAnswer a, Throwable e) {
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(a);
        }
    }
}
