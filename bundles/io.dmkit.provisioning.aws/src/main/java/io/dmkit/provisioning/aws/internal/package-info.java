/**
 * The {@code aws-fleet} provisioner: an AWS session with {@code aws.provisioning.template} connects
 * with its claim certificate, gets a certificate of its own and registers its thing through AWS IoT
 * fleet provisioning ({@link io.dmkit.provisioning.aws.internal.FleetClient}), then connects as that
 * thing. Private: the core finds it as a {@link io.dmkit.api.spi.Provisioner} service.
 */
package io.dmkit.provisioning.aws.internal;
