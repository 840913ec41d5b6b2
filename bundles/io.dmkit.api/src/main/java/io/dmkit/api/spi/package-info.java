/**
 * The transport SPI: what a transport bundle implements so that the dmkit core can drive sessions of
 * its cloud type. Applications never use these types. A transport is written against this package,
 * {@link io.dmkit.api.spi.context} (what the core gives it) and the value types of
 * {@link io.dmkit.api}; never against the core's internals.
 *
 * <p>A transport bundle registers one {@link io.dmkit.api.spi.TransportFactory} service with the
 * property {@value io.dmkit.api.spi.TransportFactory#CLOUD_TYPE}; outside OSGi the core finds
 * factories through {@link java.util.ServiceLoader}. The factory declares the transport's options
 * ({@link io.dmkit.api.spi.TransportFactory#settings()}): the core shows them in the session's
 * configuration form and checks them before it creates a transport. The core owns reconnection, twin
 * reconciliation, queueing and command deadlines; a transport only speaks its wire protocol.
 *
 * <p>A provisioning bundle registers a {@link io.dmkit.api.spi.Provisioner} for a cloud type: sessions
 * that ask for it get their identity (where to connect, as whom) from a provisioning service before
 * their transport is created ({@link io.dmkit.api.spi.ProvisioningClient},
 * {@link io.dmkit.api.spi.IssuedIdentity}).
 *
 * <p>Transport bundles implement the interfaces here ({@code @ConsumerType}): a new method arrives
 * as a default method in a minor version, anything else in a major one.
 */
@Export
@Version("2.1.0")
package io.dmkit.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
