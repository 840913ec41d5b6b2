package io.dmkit.transport.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One asynchronous call of a Paho client as a future. Paho's {@code mqttv3} and {@code mqttv5} clients
 * report to listeners of their own types: each version's {@link PahoClient} makes its listener a subclass
 * of this one, which hands Paho's token to {@link #succeeded} and its error to {@link #failed}. The future
 * completes with a result made from the token, or fails with Paho's exception, unwrapped, whether Paho
 * threw it at once ({@link #start}) or reported it later.
 *
 * @param <K> the version's token type
 * @param <T> the result
 */
public abstract class PahoCall<K, T> extends CompletableFuture<T> {

    /** A call of Paho's that reports to {@code listener}; Paho throws its MqttException or a RuntimeException. */
    @FunctionalInterface
    public interface Start<L> {
        void start(L listener) throws Exception;
    }

    private final Function<K, T> result;

    protected PahoCall(Function<K, T> result) {
        this.result = result;
    }

    /** Starts {@code call} with {@code listener} to report to; returns the listener, the call's future. */
    public static <T, L extends PahoCall<?, T>> CompletableFuture<T> start(L listener, Start<? super L> call) {
        try {
            call.start(listener);
        } catch (Exception e) {
            listener.failed(e);
        }
        return listener;
    }

    protected final void succeeded(K token) {
        try {
            complete(result.apply(token));
        } catch (RuntimeException e) {
            completeExceptionally(e);
        }
    }

    protected final void failed(Throwable error) {
        completeExceptionally(error);
    }
}
