package com.sprocket.cart.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sprocket.cart.pricing.PartPrice;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CartTests {

    private static final Cart.Limits LIMITS = new Cart.Limits(3, 5);
    private static final UUID OWNER = UUID.randomUUID();

    @Test
    void adding_a_part_appends_a_line_at_todays_price_and_announces_the_next_version() {
        PartPrice brake = price(1999, 10);

        Cart.Change change = userCart().add(brake, 2, LIMITS);

        assertThat(change.cart().version()).isEqualTo(1);
        assertThat(change.cart().lines()).containsExactly(new CartLine(brake.partId(), 2, 1999, "EUR"));
        assertThat(change.event().version()).isEqualTo(1);
        assertThat(change.event().lines()).containsExactly(new CartChanged.Line(brake.partId(), 2));
        assertThat(change.event().ownerId()).isEqualTo(OWNER);
    }

    @Test
    void a_paid_order_takes_its_quantities_off_the_cart_and_leaves_what_was_added_since() {
        PartPrice brake = price(1999, 10);
        PartPrice filter = price(500, 10);
        PartPrice wiper = price(900, 10);
        Cart cart = userCart().add(brake, 2, LIMITS).cart();
        cart = cart.add(filter, 1, LIMITS).cart();
        cart = cart.add(wiper, 1, LIMITS).cart(); // added after checkout
        cart = cart.add(brake, 1, LIMITS).cart(); // one more brake after checkout

        Cart.Change change = cart.removeOrdered(java.util.Map.of(brake.partId(), 2, filter.partId(), 1))
                .orElseThrow();

        assertThat(change.cart().lines())
                .extracting(CartLine::partId, CartLine::quantity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(brake.partId(), 1),
                        org.assertj.core.groups.Tuple.tuple(wiper.partId(), 1));
        assertThat(change.event().version()).isEqualTo(cart.version() + 1);
        assertThat(change.cart().removeOrdered(java.util.Map.of(filter.partId(), 1)))
                .as("nothing left to remove")
                .isEmpty();
    }

    @Test
    void adding_to_an_existing_line_adds_units_and_keeps_the_price_when_added() {
        PartPrice brake = price(1999, 10);
        Cart cart = userCart().add(brake, 2, LIMITS).cart();

        Cart.Change change = cart.add(withPrice(brake, 2500), 1, LIMITS);

        assertThat(change.cart().lines()).containsExactly(new CartLine(brake.partId(), 3, 1999, "EUR"));
    }

    @Test
    void refuses_parts_that_cannot_be_bought_and_quantities_beyond_the_limit_or_the_stock() {
        Cart cart = userCart();
        assertReason(() -> cart.add(price(100, 0), 1, LIMITS), CartException.Reason.NOT_PURCHASABLE);
        assertReason(() -> cart.add(price(100, 50), 6, LIMITS), CartException.Reason.QUANTITY_TOO_HIGH);
        assertReason(() -> cart.add(price(100, 2), 3, LIMITS), CartException.Reason.OUT_OF_STOCK);
    }

    @Test
    void holds_at_most_the_limit_of_different_parts() {
        Cart cart = userCart();
        for (int i = 0; i < 3; i++) {
            cart = cart.add(price(100, 10), 1, LIMITS).cart();
        }
        Cart full = cart;

        assertReason(() -> full.add(price(100, 10), 1, LIMITS), CartException.Reason.TOO_MANY_LINES);
        assertThat(full.add(withId(full.lines().getFirst().partId()), 1, LIMITS)
                        .cart()
                        .lines())
                .hasSize(3);
    }

    @Test
    void setting_zero_removes_a_line_and_setting_a_missing_line_is_refused() {
        PartPrice brake = price(1999, 10);
        Cart cart = userCart().add(brake, 2, LIMITS).cart();

        assertThat(cart.set(brake.partId(), brake, 4, LIMITS)
                        .cart()
                        .lines()
                        .getFirst()
                        .quantity())
                .isEqualTo(4);
        assertThat(cart.set(brake.partId(), brake, 0, LIMITS).cart().lines()).isEmpty();
        assertReason(() -> cart.set(UUID.randomUUID(), brake, 1, LIMITS), CartException.Reason.NO_SUCH_LINE);
    }

    @Test
    void a_write_against_an_old_version_is_refused_and_any_version_is_accepted_without_one() {
        Cart cart = userCart().add(price(100, 10), 1, LIMITS).cart();

        assertReason(() -> cart.expecting(0), CartException.Reason.STALE);
        assertThat(cart.expecting(1)).isSameAs(cart);
        assertThat(cart.expecting(null)).isSameAs(cart);
    }

    @Test
    void merging_adds_quantities_appends_while_there_is_room_caps_by_stock_and_drops_what_cannot_be_bought() {
        PartPrice shared = price(100, 4);
        PartPrice sparse = price(200, 1);
        PartPrice gone = price(300, 0);
        PartPrice extra1 = price(400, 10);
        PartPrice extra2 = price(500, 10);
        Cart user = userCart().add(shared, 3, LIMITS).cart();
        Cart guest = guestCart()
                .add(shared, 2, LIMITS)
                .cart()
                .add(sparse, 1, LIMITS)
                .cart()
                .add(extra1, 1, LIMITS)
                .cart();
        Map<UUID, PartPrice> prices = Map.of(
                shared.partId(), shared,
                sparse.partId(), sparse,
                gone.partId(), gone,
                extra1.partId(), extra1,
                extra2.partId(), extra2);

        Cart.Merge merge = user.merge(guest, prices, LIMITS).orElseThrow();

        assertThat(merge.target().cart().lines())
                .extracting(CartLine::partId, CartLine::quantity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(shared.partId(), 4), // 3 + 2, capped by stock 4
                        org.assertj.core.groups.Tuple.tuple(sparse.partId(), 1),
                        org.assertj.core.groups.Tuple.tuple(extra1.partId(), 1)); // third line: the limit
        assertThat(merge.guest().cart().status()).isEqualTo(Cart.Status.MERGED);
        assertThat(merge.guest().event().status()).isEqualTo("merged");
        assertThat(user.merge(merge.guest().cart(), prices, LIMITS)).isEmpty();
    }

    @Test
    void a_merged_guest_cart_takes_no_more_writes() {
        Cart guest = guestCart().add(price(100, 10), 1, LIMITS).cart();
        Cart merged = userCart()
                .merge(guest, Map.of(guest.partIds().getFirst(), price(100, 10)), LIMITS)
                .orElseThrow()
                .guest()
                .cart();

        assertReason(() -> merged.add(price(100, 10), 1, LIMITS), CartException.Reason.MERGED);
    }

    @Test
    void a_guest_carts_id_follows_from_its_token_so_it_is_known_before_it_is_stored() {
        assertThat(Cart.newGuestCart("abc").id())
                .isEqualTo(Cart.newGuestCart("abc").id());
        assertThat(Cart.newGuestCart("abc").id())
                .isNotEqualTo(Cart.newGuestCart("abd").id());
        assertThat(Cart.newGuestCart("abc").stored()).isFalse();
    }

    private static Cart userCart() {
        return Cart.newUserCart(UUID.randomUUID(), OWNER);
    }

    private static Cart guestCart() {
        return Cart.newGuestCart(UUID.randomUUID().toString());
    }

    private static PartPrice price(long minor, int stock) {
        return new PartPrice(UUID.randomUUID(), UUID.randomUUID(), "A part", minor, "EUR", stock, stock > 0, false, 1);
    }

    private static PartPrice withPrice(PartPrice price, long minor) {
        return new PartPrice(
                price.partId(), price.vendorId(), price.title(), minor, "EUR", price.stock(), true, false, 2);
    }

    private static PartPrice withId(UUID id) {
        return new PartPrice(id, UUID.randomUUID(), "A part", 100, "EUR", 10, true, false, 1);
    }

    private static void assertReason(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, CartException.Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        CartException.class, error -> assertThat(error.reason()).isEqualTo(reason));
    }
}
