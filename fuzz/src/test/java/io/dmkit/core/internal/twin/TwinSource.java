package io.dmkit.core.internal.twin;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.spi.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A transport that only answers twin fetches, with a document given by the test: how the core's twin
 * sync sees whatever a transport parsed from the network. Nothing else is called by {@link TwinSync}.
 */
final class TwinSource implements Transport {

    private final String twin;
    int fetches;

    TwinSource(String twin) {
        this.twin = twin;
    }

    @Override
    public CompletionStage<String> requestTwin() {
        fetches++;
        return CompletableFuture.completedFuture(twin);
    }

    @Override
    public CompletionStage<Void> connect() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> disconnect() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int maxMessageBytes() {
        return 0;
    }

    @Override
    public void close() {
    }
}
