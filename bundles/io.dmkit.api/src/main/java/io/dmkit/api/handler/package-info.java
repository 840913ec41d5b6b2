/**
 * Interfaces that applications implement: {@link io.dmkit.api.handler.CommandHandler},
 * {@link io.dmkit.api.handler.TwinListener} and {@link io.dmkit.api.handler.ConnectionListener}.
 *
 * <p>In OSGi they are whiteboard services: register them and the dispatcher routes events to them.
 * Outside OSGi (or for one session only) register them in code on a {@link io.dmkit.api.DmSession}.
 *
 * <h2>Which thread runs what</h2>
 * <ul>
 * <li>Connection and twin listeners of one session are called one at a time, in the order the
 * events happened, on a dmkit event thread. A slow listener delays later events of the same
 * session, never those of other sessions and never the network.</li>
 * <li>Command handlers run on a bounded pool of dmkit handler threads. Several commands may run
 * at once, also for the same session. A handler that does not answer by the command's deadline
 * is interrupted and the service receives status 504.</li>
 * </ul>
 */
@Export
@Version("1.0.0")
package io.dmkit.api.handler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
