package com.sprocket.notification.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TopicsConfiguration {

    /** The topics of {@code sprocket.notification.topics}, for the listeners' {@code topics} attribute. */
    @Bean
    String[] subscribedTopics(NotificationProperties properties) {
        return properties.topics().toArray(String[]::new);
    }
}
