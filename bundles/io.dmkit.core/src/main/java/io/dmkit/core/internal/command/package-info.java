/**
 * Commands from the service: each runs on the bounded handler pool under its deadline, and exactly one
 * reply goes back on the connection that carried the request.
 */
package io.dmkit.core.internal.command;
