/**
 * The dmkit device-management API: sessions to device-management services, the device twin,
 * telemetry messages and command replies.
 *
 * <p>The types here are the Java form of the ThingsPro DM-device C API ({@code dmdevice_*}).
 * {@link io.dmkit.api.DeviceManagement} creates and finds sessions; each {@link io.dmkit.api.DmSession}
 * is one connection to one service. In an OSGi framework every live session is also registered
 * as a {@code DmSession} service with the properties {@value io.dmkit.api.DmSession#SESSION_NAME}
 * and {@value io.dmkit.api.DmSession#CLOUD_TYPE}.
 *
 * <h2>Status convention</h2>
 * Every asynchronous result carries an {@code int} status: {@code 0} means the device-management
 * service accepted the operation. Any other value is the service's own HTTP-like code
 * (400, 401, 403, 404, 409, 413, 429, 5xx) or one of the local codes listed in {@link io.dmkit.api.DmResult}.
 *
 * <h2>Threads</h2>
 * No method here blocks on the network. Listeners and handlers are never called on a network
 * thread and never while dmkit holds a lock; see {@link io.dmkit.api.handler} for which thread
 * runs what.
 */
@Export
@Version("2.1.0")
package io.dmkit.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
