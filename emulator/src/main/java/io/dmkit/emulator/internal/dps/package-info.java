/**
 * The emulator's Azure IoT Hub Device Provisioning Service (DPS), device side over MQTT
 * ({@code protocols.md} §8.1): enrollments and enrollment groups kept in the state directory, the
 * register / operation-status exchange on the hub's MQTT listener, attestation by SAS token (an
 * individual key or a group's derived key) or X.509 (the enrollment's certificate, or a chain to a
 * group's signing CA), and the assignment of the device to the emulator's IoT Hub.
 */
package io.dmkit.emulator.internal.dps;
