/**
 * MQTT 5 for the transports that need it (AWS IoT Core: user properties on telemetry, message expiry
 * as a command's timeout), through Paho's {@code mqttv5} client. Paho's {@code mqttv5} bundle exports
 * too little to be imported, so a transport using this package embeds Paho's packages too (its
 * {@code bnd.bnd} says how). Settings, TLS and the diagnosis of network and TLS failures are the ones
 * of the MQTT 3.1.1 plumbing beside it.
 */
package io.dmkit.transport.mqtt.v5;
