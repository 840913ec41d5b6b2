/**
 * TLS plumbing for the MQTT transports: reading PEM certificates and keys from configuration
 * ({@link io.dmkit.transport.mqtt.tls.PemReader}, {@link io.dmkit.transport.mqtt.tls.ClientIdentity}),
 * JSSE socket factories for server-authenticated and mutual TLS
 * ({@link io.dmkit.transport.mqtt.tls.TlsSocketFactories}), and TLS-PSK over Bouncy Castle for
 * Paho's {@code tcp://} URIs ({@link io.dmkit.transport.mqtt.tls.PskSocketFactory}).
 *
 * <p>Secrets (private keys, pre-shared keys) never appear in a log line, an exception message or
 * a {@code toString()}. Configuration errors are {@link io.dmkit.api.InvalidConfigurationException}s
 * naming the attribute at fault.
 */
package io.dmkit.transport.mqtt.tls;
