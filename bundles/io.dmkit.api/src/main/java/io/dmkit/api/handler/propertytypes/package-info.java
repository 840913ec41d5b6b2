/**
 * Component property types for application bundles: annotate a DS component that implements a
 * {@link io.dmkit.api.handler} interface with them instead of spelling its service properties.
 *
 * <pre>{@code
 * @Component
 * @CommandName("ping")
 * public final class PingCommand implements CommandHandler { ... }
 * }</pre>
 *
 * <p>Each of them also requires the dmkit dispatcher ({@link io.dmkit.api.handler.propertytypes.RequireDispatcher}):
 * a bundle using them does not resolve in a framework without one, instead of registering handlers
 * that nothing calls.
 */
@Export
@Version("1.0.0")
package io.dmkit.api.handler.propertytypes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
