/**
 * Telemetry that is not lost: the bounded outbox a message enters before {@code sendMessage} returns (in
 * memory or in SQLite), and the pump that sends what it holds through the in-flight window and removes a
 * message only when the service acknowledged it.
 */
package io.dmkit.core.internal.outbox;
