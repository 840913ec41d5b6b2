package io.dmkit.emulator.internal.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes HiveMQ's {@code config.xml} for {@link BrokerListeners}: in-memory persistence, no statistics. */
final class BrokerConfigFile {

    private BrokerConfigFile() {
    }

    static void write(Path configFolder, BrokerListeners listeners) throws IOException {
        Files.createDirectories(configFolder);
        StringBuilder xml = new StringBuilder(2048);
        xml.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        tcp(xml, "tcp-listener", BrokerListeners.INTERNAL, "127.0.0.1", listeners.internalPort(), null);
        if (listeners.mqttPort() > 0) {
            tcp(xml, "tcp-listener", BrokerListeners.MQTT, listeners.bindAddress(), listeners.mqttPort(), null);
        }
        if (listeners.mqttTlsPort() > 0) {
            tcp(xml, "tls-tcp-listener", BrokerListeners.MQTT_TLS, listeners.bindAddress(), listeners.mqttTlsPort(),
                    listeners);
        }
        if (listeners.webSocketTlsPort() > 0) {
            xml.append("    <tls-websocket-listener>\n");
            common(xml, BrokerListeners.WEBSOCKET_TLS, listeners.bindAddress(), listeners.webSocketTlsPort());
            xml.append("      <path>").append(BrokerListeners.WEBSOCKET_PATH).append("</path>\n")
                    .append("      <subprotocols><subprotocol>mqtt</subprotocol><subprotocol>mqttv3.1</subprotocol>"
                            + "</subprotocols>\n")
                    .append("      <allow-extensions>true</allow-extensions>\n");
            tls(xml, listeners);
            xml.append("    </tls-websocket-listener>\n");
        }
        xml.append("  </listeners>\n")
                .append("  <persistence><mode>in-memory</mode></persistence>\n")
                .append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n")
                .append("</hivemq>\n");
        Files.writeString(configFolder.resolve("config.xml"), xml, StandardCharsets.UTF_8);
    }

    private static void tcp(StringBuilder xml, String element, String name, String bind, int port,
            BrokerListeners tls) {
        xml.append("    <").append(element).append(">\n");
        common(xml, name, bind, port);
        if (tls != null) {
            tls(xml, tls);
        }
        xml.append("    </").append(element).append(">\n");
    }

    private static void common(StringBuilder xml, String name, String bind, int port) {
        xml.append("      <port>").append(port).append("</port>\n")
                .append("      <bind-address>").append(escape(bind)).append("</bind-address>\n")
                .append("      <name>").append(name).append("</name>\n");
    }

    private static void tls(StringBuilder xml, BrokerListeners listeners) {
        String password = escape(new String(listeners.storePassword()));
        xml.append("      <tls>\n")
                .append("        <keystore><path>").append(escape(listeners.keyStore().toString())).append("</path>")
                .append("<password>").append(password).append("</password>")
                .append("<private-key-password>").append(password).append("</private-key-password></keystore>\n")
                .append("        <truststore><path>").append(escape(listeners.trustStore().toString()))
                .append("</path><password>").append(password).append("</password></truststore>\n")
                // Devices with SAS tokens or passwords present no certificate; the dialect checks the rest.
                .append("        <client-authentication-mode>OPTIONAL</client-authentication-mode>\n")
                .append("      </tls>\n");
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
