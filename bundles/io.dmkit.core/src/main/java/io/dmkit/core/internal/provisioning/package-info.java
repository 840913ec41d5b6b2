/**
 * Zero-touch provisioning, for any cloud: a session that asks a {@link io.dmkit.api.spi.Provisioner}
 * for its identity connects through a {@link io.dmkit.core.internal.provisioning.ProvisionedTransport},
 * which provisions, keeps the identity ({@link io.dmkit.core.internal.provisioning.IdentityStore}),
 * lays it over the session's configuration ({@link io.dmkit.core.internal.provisioning.ConfigOverlay})
 * and creates the cloud's transport with the result. Nothing here knows a cloud.
 */
package io.dmkit.core.internal.provisioning;
