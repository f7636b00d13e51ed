package com.sprocket.tjsandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's test cards (any future expiry, any three-digit CVC). The number decides the outcome:
 *
 * <ul>
 *   <li>{@value #SUCCESS}: authorised and captured at once, settled later;
 *   <li>{@value #DECLINED}: fails with {@code card_declined};
 *   <li>{@value #INSUFFICIENT_FUNDS}: fails with {@code insufficient_funds};
 *   <li>{@value #DELAYED}: stays {@code processing} for the delayed-authorisation time, then succeeds;
 *   <li>{@value #CHALLENGE}: needs a challenge step ({@code requires_action}); code {@value #CHALLENGE_CODE}
 *       passes it, any other code fails the payment.
 * </ul>
 */
public final class TestCards {

    public static final String SUCCESS = "4242424242424242";
    public static final String DECLINED = "4000000000000002";
    public static final String INSUFFICIENT_FUNDS = "4000000000009995";
    public static final String DELAYED = "4000000000000077";
    public static final String CHALLENGE = "4000000000003220";
    public static final String CHALLENGE_CODE = "123456";

    enum Outcome {
        SUCCEEDS,
        DECLINED,
        INSUFFICIENT_FUNDS,
        DELAYED,
        CHALLENGE
    }

    private TestCards() {}

    static Optional<Outcome> outcome(String number) {
        return Optional.ofNullable(
                switch (number) {
                    case SUCCESS -> Outcome.SUCCEEDS;
                    case DECLINED -> Outcome.DECLINED;
                    case INSUFFICIENT_FUNDS -> Outcome.INSUFFICIENT_FUNDS;
                    case DELAYED -> Outcome.DELAYED;
                    case CHALLENGE -> Outcome.CHALLENGE;
                    default -> null;
                });
    }

    /** A card as the provider keeps it once tokenised: the token, never the number to anyone else. */
    record Method(String token, String number, String brand, int expMonth, int expYear, String customer) {

        String last4() {
            return number.substring(number.length() - 4);
        }

        Map<String, Object> view(boolean saved) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", token);
            view.put("brand", brand);
            view.put("last4", last4());
            view.put("expMonth", expMonth);
            view.put("expYear", expYear);
            view.put("saved", saved);
            return view;
        }
    }
}
