/**
 * One established connection of a session ({@link io.dmkit.core.internal.connection.Link}): work started on
 * a connection acts on its result only while that connection lasts.
 */
package io.dmkit.core.internal.connection;
