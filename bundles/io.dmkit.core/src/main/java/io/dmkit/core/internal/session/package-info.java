/**
 * Sessions and their connection supervisor: {@link io.dmkit.core.internal.session.SessionManager} owns the
 * sessions of one dmkit instance and attaches each to the transport of its cloud type (or lets it wait for
 * one); {@link io.dmkit.core.internal.session.SessionImpl} is one session, its state machine on its control
 * lane, its listeners on its listener lane.
 */
package io.dmkit.core.internal.session;
