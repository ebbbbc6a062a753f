package se.samverkan.cases.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An /api endpoint that answers no case data (the code lists), so it needs no policy decision and records no access
 * event. {@code AccessMatrixIT} names every endpoint allowed to carry this; anything else needs an {@link AccessOperation}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotCaseData {
}
