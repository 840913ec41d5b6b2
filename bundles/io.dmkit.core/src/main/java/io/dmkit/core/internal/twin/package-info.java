/**
 * The device twin: fetched whole after every connect, then kept in step with desired patches in version
 * order ({@link io.dmkit.core.internal.twin.TwinSync}); reported patches sent and retried
 * ({@link io.dmkit.core.internal.twin.ReportedSender}); the twin as last delivered
 * ({@link io.dmkit.core.internal.twin.DeliveredTwin}). Everything here runs on the session's control lane.
 */
package io.dmkit.core.internal.twin;
