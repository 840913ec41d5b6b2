/** The Azure transport's implementation: private to the bundle. */
package io.dmkit.transport.azure.internal;
