package com.sprocket.catalog.reservation;

import com.sprocket.catalog.part.SparePart;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether an order's lines can be reserved, all or nothing: every part must exist, be on sale, and have
 * at least the ordered quantity available (on hand minus already reserved). Pure: the caller has the
 * parts locked and applies the decision.
 */
final class Reservation {

    record Line(UUID partId, int quantity) {}

    sealed interface Decision permits Reserve, Reject {}

    record Reserve(List<Line> lines) implements Decision {}

    /** The first line that cannot be reserved: which part, how many were asked, how many are left. */
    record Reject(UUID partId, int requested, int available, String reason) implements Decision {}

    private Reservation() {}

    static Decision decide(List<Line> lines, Map<UUID, SparePart> parts) {
        for (Line line : lines) {
            SparePart part = parts.get(line.partId());
            if (part == null) {
                return new Reject(line.partId(), line.quantity(), 0, "part " + line.partId() + " is no longer sold");
            }
            if (part.withdrawn()) {
                return new Reject(line.partId(), line.quantity(), 0, "\"" + part.title() + "\" is not on sale now");
            }
            if (line.quantity() <= 0) {
                return new Reject(line.partId(), line.quantity(), part.available(), "quantity must be positive");
            }
            if (part.available() < line.quantity()) {
                return new Reject(
                        line.partId(),
                        line.quantity(),
                        part.available(),
                        "only " + part.available() + " of \"" + part.title() + "\" left, " + line.quantity()
                                + " ordered");
            }
        }
        return new Reserve(List.copyOf(lines));
    }
}
