/** The AWS transport's implementation: private to the bundle. */
package io.dmkit.transport.aws.internal;
