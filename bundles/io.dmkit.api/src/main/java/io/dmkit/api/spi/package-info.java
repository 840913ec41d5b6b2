/**
 * The transport SPI: what a cloud-specific transport bundle implements so that the dmkit core can
 * drive it. Applications never use these types.
 *
 * <p>A transport bundle registers one {@link io.dmkit.api.spi.TransportFactory} service with the
 * property {@value io.dmkit.api.spi.TransportFactory#CLOUD_TYPE}; outside OSGi the core finds
 * factories through {@link java.util.ServiceLoader}. The core owns reconnection, twin
 * reconciliation, queueing and command deadlines; a transport only speaks its wire protocol.
 */
@Export
@Version("1.0.0")
package io.dmkit.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
