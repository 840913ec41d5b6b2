package io.dmkit.api.handler.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The commands a whiteboard {@link io.dmkit.api.handler.CommandHandler} answers: sets its service
 * property {@value io.dmkit.api.handler.CommandHandler#COMMAND_NAME} (one name or several).
 */
@ComponentPropertyType
@RequireDispatcher
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandName {

    /** Makes the property {@code dm.command.name} of the annotation's name. */
    String PREFIX_ = "dm.";

    /** The command names. */
    String[] value();
}
