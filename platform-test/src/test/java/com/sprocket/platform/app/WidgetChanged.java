package com.sprocket.platform.app;

/** A test event: {@code sequence} numbers the events of one widget, so tests can check their order. */
public record WidgetChanged(String widget, boolean poison, int sequence) {

    public WidgetChanged(String widget, boolean poison) {
        this(widget, poison, 0);
    }
}
