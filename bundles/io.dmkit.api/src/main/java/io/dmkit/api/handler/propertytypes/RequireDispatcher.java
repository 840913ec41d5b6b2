package io.dmkit.api.handler.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Requirement;

/**
 * Requires the implementation of the dmkit whiteboard, the dispatcher, which provides the capability
 * {@code osgi.implementation;osgi.implementation="}{@value #IMPLEMENTATION}{@code "}: a bundle carrying this
 * annotation (directly, or through {@link CommandName} or {@link SessionName}) resolves only where a
 * dispatcher is installed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Requirement(namespace = RequireDispatcher.NAMESPACE, name = RequireDispatcher.IMPLEMENTATION,
        version = RequireDispatcher.VERSION)
public @interface RequireDispatcher {

    /** The OSGi implementation namespace. */
    String NAMESPACE = "osgi.implementation";
    /** The name of the dispatcher's implementation capability. */
    String IMPLEMENTATION = "io.dmkit.dispatcher";
    /** The version of the whiteboard contract the dispatcher implements. */
    String VERSION = "1.0.0";
}
