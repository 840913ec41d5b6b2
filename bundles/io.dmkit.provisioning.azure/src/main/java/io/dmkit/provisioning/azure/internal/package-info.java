/**
 * The {@code azure-dps} provisioner: an Azure session with a DPS id scope registers with the Device
 * Provisioning Service over MQTT ({@link io.dmkit.provisioning.azure.internal.DpsClient}) and connects
 * to the hub it is assigned. Private: the core finds it as a {@link io.dmkit.api.spi.Provisioner} service.
 */
package io.dmkit.provisioning.azure.internal;
