package io.dmkit.core.internal.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Deadlines on stages using dmkit's own scheduler. ({@code CompletableFuture.orTimeout} would
 * start a JDK-wide timer thread that outlives dmkit.)
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * A stage with the outcome of {@code stage}, or {@code onTimeout}'s value (or the exception it
     * throws) if it takes longer than {@code timeout}.
     */
    public static <T> CompletableFuture<T> within(CompletionStage<T> stage, Duration timeout, ScheduledExecutorService scheduler,
            Supplier<T> onTimeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (!result.isDone()) {
                try {
                    result.complete(onTimeout.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        stage.whenComplete((value, error) -> {
            timer.cancel(false);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }
}
