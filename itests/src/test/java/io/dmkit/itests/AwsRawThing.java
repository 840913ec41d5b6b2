package io.dmkit.itests;

import io.dmkit.testing.EmulatorProcess;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Another MQTT client of a thing, with the thing's own certificate and a client id of its own: what a
 * second program of a real deployment would be. Tests use it to change a named shadow, which the
 * emulator's REST API does not reach. Plain Paho and the JDK's TLS, nothing of dmkit.
 */
final class AwsRawThing implements AutoCloseable {

    private final MqttClient client;

    private AwsRawThing(MqttClient client) {
        this.client = client;
    }

    static AwsRawThing connect(EmulatorProcess emulator, AwsEmulatorSupport.Thing thing, String clientId)
            throws Exception {
        MqttClient client = new MqttClient("ssl://localhost:" + emulator.mqttTlsPort(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setSocketFactory(tls(emulator.caCertificate(), Path.of(thing.cert()), Path.of(thing.key()))
                .getSocketFactory());
        client.connect(options);
        return new AwsRawThing(client);
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    void publish(String topic, String payload) throws Exception {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws Exception {
        try {
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** Mutual TLS from the emulator's PEM files: its CA, the thing's certificate and PKCS#8 key. */
    private static SSLContext tls(Path ca, Path cert, Path key) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(ca))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        Certificate certificate = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey privateKey = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        char[] password = "raw".toCharArray();
        identity.setKeyEntry("thing", privateKey, password, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, password);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
