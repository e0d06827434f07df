package dev.a3c.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one setting of a configuration group: the command line option ({@code --flag}), the
 * variable ({@code A3C_FLAG}) and the JSON field are derived from the record component it
 * annotates ({@link ConfigSchema}); its default comes from the group's defaults and
 * {@link Tuning}. Adding a component with this annotation is all it takes to add a setting.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

    /** What the setting does, one or two sentences, without the default (it is added from the code). */
    String doc();

    /** The option's name without {@code --}; empty: the component's name in kebab case. */
    String flag() default "";

    /** The value's placeholder in help texts; empty: picocli's. */
    String label() default "";
}
