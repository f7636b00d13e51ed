package com.sprocket.cart.cart;

import com.sprocket.cart.pricing.PartPrice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A cart: a user's (by owner) or a guest's (by the hash of its secret token), its lines in the order
 * they were added, and a version that counts its changes. Pure: every method decides on this state
 * alone and returns the next state with the event it implies ({@link Change}); nothing here reads or
 * writes anything. A rule a request breaks is a {@link CartException}.
 *
 * @param stored false for a guest cart whose token was handed out but which has no line yet
 */
public record Cart(
        UUID id,
        CartKind kind,
        UUID ownerId,
        String tokenHash,
        Status status,
        int version,
        List<CartLine> lines,
        boolean stored) {

    public enum Status {
        ACTIVE,
        MERGED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How much one cart may hold. */
    public record Limits(int maxLines, int maxQuantity) {}

    /** The next state and the event announcing it. */
    public record Change(Cart cart, CartChanged event) {}

    /** Folding a guest cart in changes both. */
    public record Merge(Change target, Change guest) {}

    public Cart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
    }

    static Cart newUserCart(UUID id, UUID ownerId) {
        return new Cart(id, CartKind.USER, ownerId, null, Status.ACTIVE, 0, List.of(), false);
    }

    /** A guest cart's id follows from its token's hash, so it is known before its first line is stored. */
    static Cart newGuestCart(String tokenHash) {
        return new Cart(guestCartId(tokenHash), CartKind.GUEST, null, tokenHash, Status.ACTIVE, 0, List.of(), false);
    }

    static UUID guestCartId(String tokenHash) {
        return UUID.nameUUIDFromBytes(("guest-cart:" + tokenHash).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Throws when the client wrote against a version that is no longer current (null: any version). */
    public Cart expecting(Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw new CartException(
                    CartException.Reason.STALE,
                    "The cart is at version " + version + ", not " + expectedVersion + "; reload it.");
        }
        return this;
    }

    /** Adds units of a part: to its line, or as a new line at today's price. */
    public Change add(PartPrice price, int quantity, Limits limits) {
        requireActive();
        if (!price.purchasable()) {
            throw new CartException(
                    CartException.Reason.NOT_PURCHASABLE, "This part is out of stock or no longer sold.");
        }
        Optional<CartLine> existing = line(price.partId());
        if (existing.isEmpty() && lines.size() >= limits.maxLines()) {
            throw new CartException(
                    CartException.Reason.TOO_MANY_LINES,
                    "A cart holds at most " + limits.maxLines() + " different parts.");
        }
        int total = existing.map(CartLine::quantity).orElse(0) + quantity;
        checkQuantity(total, price, limits);
        CartLine line = existing.map(found -> found.withQuantity(total))
                .orElseGet(() -> new CartLine(price.partId(), total, price.priceMinor(), price.currency()));
        return changed(status, withLine(line));
    }

    /** Sets a line's quantity; 0 removes it. The line keeps its price when added. */
    public Change set(UUID partId, PartPrice price, int quantity, Limits limits) {
        requireActive();
        if (quantity == 0) {
            return remove(partId);
        }
        CartLine line = line(partId)
                .orElseThrow(() -> new CartException(
                        CartException.Reason.NO_SUCH_LINE, "No line for part " + partId + " in this cart."));
        if (price == null) {
            throw new CartException(CartException.Reason.UNKNOWN_PART, "No part with id " + partId + ".");
        }
        checkQuantity(quantity, price, limits);
        return changed(status, withLine(line.withQuantity(quantity)));
    }

    public Change remove(UUID partId) {
        requireActive();
        return changed(
                status,
                lines.stream().filter(line -> !line.partId().equals(partId)).toList());
    }

    public Change clear() {
        requireActive();
        return changed(status, List.of());
    }

    /**
     * After an order of this cart was paid: each ordered part's quantity comes off its line (a line
     * left at zero goes), so what the buyer added after checking out stays. Nothing to remove (a merged
     * cart, or lines already gone) changes nothing.
     */
    public Optional<Change> removeOrdered(Map<UUID, Integer> ordered) {
        if (status != Status.ACTIVE) {
            return Optional.empty();
        }
        List<CartLine> next = new ArrayList<>(lines.size());
        boolean changed = false;
        for (CartLine line : lines) {
            int bought = ordered.getOrDefault(line.partId(), 0);
            if (bought > 0) {
                changed = true;
                if (line.quantity() > bought) {
                    next.add(line.withQuantity(line.quantity() - bought));
                }
            } else {
                next.add(line);
            }
        }
        return changed ? Optional.of(changed(status, next)) : Optional.empty();
    }

    /**
     * Folds a guest cart into this (a user's) cart. The rule, deterministic: guest lines in their order;
     * a part already here gets the quantities added; other parts are appended while there is room;
     * every quantity is capped by the part's stock and the per-part maximum; parts no longer
     * purchasable are dropped. The guest cart is closed. Merging a closed guest cart changes nothing.
     */
    public Optional<Merge> merge(Cart guest, Map<UUID, PartPrice> prices, Limits limits) {
        requireActive();
        if (guest.status() == Status.MERGED || !guest.stored()) {
            return Optional.empty();
        }
        Map<UUID, CartLine> merged = new LinkedHashMap<>();
        lines.forEach(line -> merged.put(line.partId(), line));
        for (CartLine incoming : guest.lines()) {
            PartPrice price = prices.get(incoming.partId());
            if (price == null || !price.purchasable()) {
                continue;
            }
            CartLine present = merged.get(incoming.partId());
            if (present != null) {
                merged.put(
                        present.partId(),
                        present.withQuantity(capped(present.quantity() + incoming.quantity(), price, limits)));
            } else if (merged.size() < limits.maxLines()) {
                merged.put(incoming.partId(), incoming.withQuantity(capped(incoming.quantity(), price, limits)));
            }
        }
        Change target = changed(status, new ArrayList<>(merged.values()));
        Change closed = guest.changed(Status.MERGED, guest.lines());
        return Optional.of(new Merge(target, closed));
    }

    /** This cart, if it may still be used: a guest cart folded into a user's cart may not. */
    public Cart readable() {
        requireActive();
        return this;
    }

    /** Part ids of the lines. */
    public List<UUID> partIds() {
        return lines.stream().map(CartLine::partId).toList();
    }

    public Optional<CartLine> line(UUID partId) {
        return lines.stream().filter(line -> line.partId().equals(partId)).findFirst();
    }

    private Change changed(Status nextStatus, List<CartLine> nextLines) {
        Cart next = new Cart(id, kind, ownerId, tokenHash, nextStatus, version + 1, nextLines, true);
        return new Change(next, CartChanged.of(next));
    }

    private List<CartLine> withLine(CartLine changed) {
        List<CartLine> next = new ArrayList<>();
        boolean replaced = false;
        for (CartLine line : lines) {
            if (line.partId().equals(changed.partId())) {
                next.add(changed);
                replaced = true;
            } else {
                next.add(line);
            }
        }
        if (!replaced) {
            next.add(changed);
        }
        return next;
    }

    private void requireActive() {
        if (status == Status.MERGED) {
            throw new CartException(
                    CartException.Reason.MERGED, "This guest cart was merged into a user's cart; use that one.");
        }
    }

    private static void checkQuantity(int quantity, PartPrice price, Limits limits) {
        if (quantity > limits.maxQuantity()) {
            throw new CartException(
                    CartException.Reason.QUANTITY_TOO_HIGH,
                    "at most " + limits.maxQuantity() + " of one part per cart");
        }
        if (quantity > price.stock()) {
            throw new CartException(CartException.Reason.OUT_OF_STOCK, "Only " + price.stock() + " in stock.");
        }
    }

    private static int capped(int quantity, PartPrice price, Limits limits) {
        return Math.max(1, Math.min(quantity, Math.min(limits.maxQuantity(), price.stock())));
    }
}
