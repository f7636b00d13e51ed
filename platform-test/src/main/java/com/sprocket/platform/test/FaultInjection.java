package com.sprocket.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link SprocketIntegrationTest}: the service reaches its database through a {@link TcpProxy}
 * the test can cut, and its Kafka broker is a {@link KafkaProcess} of its own the test can kill. The
 * test gets both from the {@link Faults} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface FaultInjection {}
