package se.vaxel;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs test steps on one Vert.x context and waits for them, for classes that, like the switchboard's live
 * state and routing, are owned by one event loop.
 */
public final class OnContext {

    private final Context context;

    public OnContext(Context context) {
        this.context = context;
    }

    public <T> T call(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException | AssertionError e) {
                f.completeExceptionally(e);
            }
        });
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
