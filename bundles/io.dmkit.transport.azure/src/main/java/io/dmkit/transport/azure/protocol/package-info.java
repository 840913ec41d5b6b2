/**
 * The wire format of Azure IoT Hub's device MQTT API ({@code protocols.md} §2), used by both sides:
 * the {@code azure} transport speaks it as a device, the emulator's Azure dialect answers it as the
 * hub. SAS tokens ({@link io.dmkit.transport.azure.protocol.SasToken}: sign and verify), the MQTT
 * user name ({@link io.dmkit.transport.azure.protocol.IotHubUserName}), the topics and their
 * grammar ({@link io.dmkit.transport.azure.protocol.AzureTopics},
 * {@link io.dmkit.transport.azure.protocol.AzureTopic}) and URL-encoded property bags
 * ({@link io.dmkit.transport.azure.protocol.PropertyBag}).
 *
 * <p>Deliberately <em>not exported</em>: the emulator uses it from the plain jar, so the two sides
 * cannot drift apart and the format can change without a versioned API. It depends on the JDK only.
 *
 * <p>Parsers read input from the network: they throw {@link IllegalArgumentException} with a reason
 * a person can act on, and that reason never repeats a secret (a token, a signature, a key).
 */
package io.dmkit.transport.azure.protocol;
