package com.sprocket.platform.app;

public record WidgetChanged(String widget, boolean poison) {}
