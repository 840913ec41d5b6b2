/**
 * Read-only views of the running dmkit system, for tools such as the Gogo commands and the
 * Web Console: which command handlers serve which commands and which ones are shadowed.
 */
@Export
@Version("1.0.0")
package io.dmkit.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
