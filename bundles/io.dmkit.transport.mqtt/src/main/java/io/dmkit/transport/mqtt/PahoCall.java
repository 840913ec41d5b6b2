package io.dmkit.transport.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One asynchronous call of a Paho client as a future, and the listener Paho reports the call's outcome
 * to. Paho's {@code mqttv3} and {@code mqttv5} clients have listener interfaces of their own, with the
 * same two methods over tokens of their own: each version's {@link PahoClient} subclasses this class with
 * its token type and names its listener interface, which these methods then implement. The future
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
            listener.completeExceptionally(e);
        }
        return listener;
    }

    /** Paho's listener method: the call succeeded. */
    public final void onSuccess(K token) {
        try {
            complete(result.apply(token));
        } catch (RuntimeException e) {
            completeExceptionally(e);
        }
    }

    /** Paho's listener method: the call failed. */
    public final void onFailure(K token, Throwable error) {
        completeExceptionally(error);
    }
}
