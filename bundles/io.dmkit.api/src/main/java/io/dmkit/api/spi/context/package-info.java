/**
 * What the dmkit core gives a transport: its {@link io.dmkit.api.spi.context.TransportContext} (the
 * shared scheduler and the session's {@link io.dmkit.api.spi.context.TransportListener}, to which the
 * transport reports what arrives from the network) and the commands it parses. The core implements
 * these interfaces; transports only call them.
 */
@Export
@Version("1.1.0")
package io.dmkit.api.spi.context;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
