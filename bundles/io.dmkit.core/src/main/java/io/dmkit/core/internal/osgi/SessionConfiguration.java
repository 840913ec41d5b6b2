package io.dmkit.core.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The Metatype of session configurations (factory PID {@code io.dmkit.session}), as the Felix Web
 * Console and Kura render it. Attribute ids map to the property names of
 * {@link io.dmkit.api.SessionConfig} ({@code cloud_type} becomes {@code cloud.type}).
 */
@ObjectClassDefinition(id = "io.dmkit.session", name = "dmkit session",
        description = "A connection to a device-management service for one device. Create one configuration per "
                + "session.")
@interface SessionConfiguration {

    @AttributeDefinition(name = "Name", description = "Unique session name: letters, digits, '.', '_' and '-'.")
    String name();

    @AttributeDefinition(name = "Cloud type", description = "The device-management service this session talks to.",
            options = { @Option(label = "ThingsPro (MQTT)", value = "thingspro"),
                        @Option(label = "Azure IoT Hub", value = "azure"),
                        @Option(label = "AWS IoT Core", value = "aws") })
    String cloud_type() default "thingspro";

    @AttributeDefinition(name = "Host", description = "Host name or address of the service (Azure: the hub host "
            + "name, or a device connection string).")
    String host();

    @AttributeDefinition(name = "Port", description = "TCP port; 0 selects the transport's default (8883 with TLS).",
            min = "0", max = "65535")
    int port() default 0;

    @AttributeDefinition(name = "Keep-alive (s)", description = "MQTT keep-alive in seconds: how soon a dead link "
            + "is noticed.", min = "1", max = "65535")
    int keepalive() default 60;

    @AttributeDefinition(name = "Device id", description = "The device's id at the service (AWS: the thing name).",
            required = false)
    String device_id();

    @AttributeDefinition(name = "Key", type = AttributeType.PASSWORD, required = false,
            description = "ThingsPro: the TLS-PSK key in hex, or the private key (PEM) with a client certificate. "
                    + "Azure: the device's symmetric key. AWS: the private key (PEM) of the client certificate.")
    String key();

    @AttributeDefinition(name = "Client certificate", required = false,
            description = "Path to (or text of) the client certificate in PEM, for X.509 authentication.")
    String cert();

    @AttributeDefinition(name = "Root CA", required = false,
            description = "Path to (or text of) the CA certificate(s) in PEM that sign the service's certificate.")
    String root_ca();

    @AttributeDefinition(name = "Connect automatically", description = "Connect as soon as the session is created.")
    boolean auto_connect() default true;

    @AttributeDefinition(name = "Security (ThingsPro)", description = "How a ThingsPro session protects its "
            + "connection; 'auto' picks TLS with a certificate or root CA, else TLS-PSK with a key.",
            options = { @Option(label = "Automatic", value = "auto"), @Option(label = "TLS-PSK", value = "psk"),
                        @Option(label = "TLS", value = "tls"), @Option(label = "None (plain TCP)", value = "none") })
    String security() default "auto";

    @AttributeDefinition(name = "Command timeout (s)", description = "How long a command handler may take; then "
            + "the service gets 504.", min = "1")
    int command_timeout_seconds() default 30;

    @AttributeDefinition(name = "Operation timeout (s)", description = "How long to wait for the service to answer "
            + "a twin request or reported patch; then status 408.", min = "1")
    int operation_timeout_seconds() default 30;

    @AttributeDefinition(name = "Connect timeout (s)", description = "How long one connection attempt may take.",
            min = "1")
    int connect_timeout_seconds() default 30;

    @AttributeDefinition(name = "First reconnect delay (ms)", description = "Delay before the first retry; doubled "
            + "after each failure, with jitter.", min = "1")
    long reconnect_min_delay_ms() default 1000;

    @AttributeDefinition(name = "Longest reconnect delay (ms)", min = "1")
    long reconnect_max_delay_ms() default 120000;

    @AttributeDefinition(name = "Message queue (messages)", description = "Messages that may wait for delivery; "
            + "see 'When the queue is full'.", min = "0")
    int queue_capacity() default 10000;

    @AttributeDefinition(name = "Message queue (bytes)", description = "Payload bytes that may wait for delivery.",
            min = "0")
    long queue_max_bytes() default 16777216;

    @AttributeDefinition(name = "Messages in flight", description = "Messages sent and not yet acknowledged at once.",
            min = "1", max = "65535")
    int inflight_max() default 10;

    @AttributeDefinition(name = "When the queue is full", description = "reject: the new message is refused with "
            + "status 507. drop-oldest: the oldest message not yet sent is dropped (its sender gets 507) to make room.",
            options = { @Option(label = "Refuse the new message", value = "reject"),
                    @Option(label = "Drop the oldest unsent message", value = "drop-oldest") })
    String queue_overflow() default "reject";

    @AttributeDefinition(name = "Message outbox", description = "persistent: queued messages are written to disk "
            + "(SQLite, in the core bundle's data area) before sendMessage returns and survive restarts and crashes. "
            + "memory: they are lost when the gateway stops.",
            options = { @Option(label = "On disk (survives restarts)", value = "persistent"),
                    @Option(label = "In memory", value = "memory") })
    String outbox() default "persistent";

    @AttributeDefinition(name = "Outbox: flush every write", description = "Wait for each outbox write to reach "
            + "the disk, so that queued messages also survive a power cut (slower). A crash of the gateway loses "
            + "nothing either way.")
    boolean outbox_fsync() default false;

    // ---- cloud-specific options: kept as SessionConfig.options(); a transport ignores the others' ----

    @AttributeDefinition(name = "WebSocket (Azure)", description = "Azure: MQTT over WebSocket on port 443 "
            + "(wss://<host>/$iothub/websocket) instead of MQTT on port 8883; for networks that only let 443 out.")
    boolean azure_websocket() default false;

    @AttributeDefinition(name = "SAS token lifetime (s) (Azure)", description = "Azure with a symmetric key: "
            + "lifetime of each SAS token the gateway signs; a new one is signed, by a clean reconnect, at 85 % of it.",
            min = "60", max = "31536000")
    int azure_sas_lifetime_seconds() default 3600;

    @AttributeDefinition(name = "HTTP proxy host (Azure WebSocket)", description = "Azure over WebSocket: tunnel "
            + "through this HTTP proxy (CONNECT); empty for a direct connection.", required = false)
    String proxy_host() default "";

    @AttributeDefinition(name = "HTTP proxy port", min = "0", max = "65535", required = false)
    int proxy_port() default 3128;

    @AttributeDefinition(name = "HTTP proxy user", description = "For proxies that need Basic authentication.",
            required = false)
    String proxy_user() default "";

    @AttributeDefinition(name = "HTTP proxy password", type = AttributeType.PASSWORD, required = false)
    String proxy_password() default "";

    @AttributeDefinition(name = "Shadow name (AWS)", description = "AWS: the named shadow that is the twin; empty "
            + "for the classic shadow.", required = false)
    String aws_shadow_name() default "";

    @AttributeDefinition(name = "Client id (AWS)", description = "AWS: the MQTT client id; empty for the thing "
            + "name (device id), which policies using iot:Connection.Thing.ThingName expect.", required = false)
    String aws_client_id() default "";

    @AttributeDefinition(name = "Telemetry topic (AWS)", description = "AWS: the topic messages are published on; "
            + "{id} stands for the thing name. Must not start with $aws/.")
    String aws_telemetry_topic() default "dt/{id}/messages";
}
