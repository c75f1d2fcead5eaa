package org.kvmstack.cli.console;

import java.time.Duration;
import java.util.Objects;

/**
 * Time bounds of a console session.
 *
 * @param connect how long opening the websocket may take
 * @param drain   after piped input ends, how long the output must stay quiet before the session ends (the guest's
 *                answer to the last command arrives in that time)
 * @param total   the whole session at most; {@code null} for no limit (an interactive user detaches)
 */
public record SessionLimits(Duration connect, Duration drain, Duration total) {
    /** After piped input ends the session ends at the latest this long later, however chatty the guest. */
    static final Duration MAX_EXTRA_DRAIN = Duration.ofSeconds(30);

    public SessionLimits {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative() || (total != null && (total.isZero() || total.isNegative()))) {
            throw new IllegalArgumentException("drain must be >= 0 and the session limit > 0");
        }
    }

    /** The longest drain: the quiet period plus a bound for a guest that never stops writing. */
    Duration maxDrain() {
        return drain.plus(MAX_EXTRA_DRAIN);
    }
}
