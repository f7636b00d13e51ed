package com.sprocket.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OpenLoadTests {

    private static final double RATE = 1_000;
    private static final double RAMP = 5;

    @Test
    void a_run_climbs_from_a_tenth_of_the_rate_over_the_ramp_then_holds_it() {
        // ramp: 100/s climbing to 1,000/s over 5 s sends 100 * 5 + 900 * 5 / 2 = 2,750; then 25 s at 1,000/s
        assertThat(OpenLoad.requests(RATE, RAMP, 30)).isEqualTo(27_750);

        assertThat(OpenLoad.due(0, RATE, RAMP)).isZero();
        assertThat(gapMillis(1)).isCloseTo(10, within(0.5)); // 100/s at the start
        assertThat(OpenLoad.due(2_750, RATE, RAMP) / 1e9).isCloseTo(RAMP, within(0.001));
        assertThat(gapMillis(2_750)).isCloseTo(1, within(0.001)); // 1,000/s from the end of the ramp
        assertThat(gapMillis(20_000)).isCloseTo(1, within(0.001));
    }

    @Test
    void due_times_only_move_forward_across_the_end_of_the_ramp() {
        long last = -1;
        for (long i = 0; i < 4_000; i++) {
            long due = OpenLoad.due(i, RATE, RAMP);
            assertThat(due).isGreaterThan(last);
            last = due;
        }
    }

    @Test
    void without_a_ramp_requests_are_due_every_one_over_the_rate() {
        assertThat(OpenLoad.requests(RATE, 0, 20)).isEqualTo(20_000);
        assertThat(OpenLoad.due(1_500, RATE, 0)).isEqualTo(1_500_000_000L);
    }

    private static double gapMillis(long i) {
        return (OpenLoad.due(i, RATE, RAMP) - OpenLoad.due(i - 1, RATE, RAMP)) / 1e6;
    }
}
