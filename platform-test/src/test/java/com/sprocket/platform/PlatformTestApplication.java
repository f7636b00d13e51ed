package com.sprocket.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service that uses the platform the way a real one does; its beans live in {@code app}. */
@SpringBootApplication(scanBasePackages = "com.sprocket.platform.app")
public class PlatformTestApplication {}
