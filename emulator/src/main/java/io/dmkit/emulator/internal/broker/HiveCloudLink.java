package io.dmkit.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.dmkit.emulator.internal.cloud.CloudLink;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link CloudLink} over HiveMQ's publish and client services. The services exist only once the
 * extension has started: {@link #bind} is called from {@code extensionStart}, before any device can
 * connect.
 */
public final class HiveCloudLink implements CloudLink {

    private volatile PublishService publishService;
    private volatile ClientService clientService;

    void bind(PublishService publishService, ClientService clientService) {
        this.publishService = publishService;
        this.clientService = clientService;
    }

    @Override
    public CompletableFuture<Boolean> publishToClient(String clientId, String topic, byte[] payload, int qos) {
        Publish publish = base(topic, payload, qos).build();
        return publishService().publishToClient(publish, clientId)
                .thenApply(result -> result == PublishToClientResult.SUCCESSFUL);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos,
            List<Map.Entry<String, String>> userProperties, long messageExpirySeconds) {
        PublishBuilder builder = base(topic, payload, qos);
        for (Map.Entry<String, String> property : userProperties) {
            builder.userProperty(property.getKey(), property.getValue());
        }
        if (messageExpirySeconds > 0) {
            builder.messageExpiryInterval(messageExpirySeconds);
        }
        return publishService().publish(builder.build());
    }

    @Override
    public CompletableFuture<Boolean> disconnect(String clientId) {
        ClientService service = clientService;
        if (service == null) {
            return CompletableFuture.completedFuture(false);
        }
        return service.disconnectClient(clientId);
    }

    private static PublishBuilder base(String topic, byte[] payload, int qos) {
        return Publish.builder().topic(topic).qos(Qos.valueOf(qos)).payload(ByteBuffer.wrap(payload.clone()));
    }

    private PublishService publishService() {
        PublishService service = publishService;
        if (service == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return service;
    }
}
