package se.samverkan.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The stable CloudEvents type of an integration event, e.g. {@code se.samverkan.case.case-opened.v1}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IntegrationEventType {
    String value();
}
