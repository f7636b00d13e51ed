package com.sprocket.catalog.part;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A part attribute's value: text (at most 500 characters), a finite number or true/false. No nested
 * objects or lists: attributes are flat facts a buyer filters by (and shipping reads, e.g. weight).
 */
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AttributeValue.Validator.class)
public @interface AttributeValue {

    String message() default "must be text of at most 500 characters, a finite number, or true/false";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<AttributeValue, Object> {

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return switch (value) {
                case null -> true; // @NotNull reports a null
                case String text -> text.length() <= 500 && text.indexOf('\u0000') < 0;
                case Double number -> Double.isFinite(number);
                case Float number -> Float.isFinite(number);
                case Number number -> true;
                case Boolean flag -> true;
                default -> false;
            };
        }
    }
}
