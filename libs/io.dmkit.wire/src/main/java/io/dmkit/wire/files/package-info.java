/**
 * Files that hold secrets ({@link io.dmkit.wire.files.OwnerOnlyFiles}): keys, issued certificates and
 * provisioned identities, readable by the gateway's user only. Depends on nothing but the JDK.
 */
package io.dmkit.wire.files;
