package io.dmkit.api.handler.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Limits a whiteboard handler or listener to one session: sets its service property
 * {@value io.dmkit.api.handler.CommandHandler#SESSION_NAME}. Without it, a handler or listener serves
 * every session.
 */
@ComponentPropertyType
@RequireDispatcher
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SessionName {

    /** Makes the property {@code dm.session.name} of the annotation's name. */
    String PREFIX_ = "dm.";

    /** The session's name. */
    String value();
}
