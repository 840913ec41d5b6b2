/**
 * The Device Provisioning Service's MQTT grammar, shared by the provisioner and the emulator's DPS:
 * the user name, the SAS resource, the register and operation-status topics and the response topics
 * ({@link io.dmkit.provisioning.azure.protocol.DpsTopics}).
 *
 * <p>Parsers read input from the network: they throw {@link IllegalArgumentException} with a reason
 * a person can act on.
 */
package io.dmkit.provisioning.azure.protocol;
