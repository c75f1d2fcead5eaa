package org.kvmstack.cloud.identity;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired tokens, at start and then periodically on the controller's timer, so that a tokens table
 * does not grow with every login (or every console URL) for as long as the controller runs. One purge serves one
 * table: identity's tokens ({@link #ExpiredTokenPurge(IdentityService)}) or any other through its {@link Batch}
 * (the console tokens). A pass deletes in batches of
 * {@code batchSize} (each one short write, so requests issuing tokens never wait long for the store's write lock)
 * and at most {@code maxBatches} of them; what is left over waits for the next pass.
 */
public final class ExpiredTokenPurge implements Runnable {
    /** Tokens one write deletes at the most. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Batches one pass runs at the most. */
    public static final int DEFAULT_MAX_BATCHES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredTokenPurge.class);
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    private static final Duration LONGEST_INTERVAL = Duration.ofMinutes(15);

    /** One short write deleting at most {@code limit} expired tokens of one table. */
    @FunctionalInterface
    public interface Batch {
        /** @return how many were deleted; fewer than {@code limit} means none expired is left */
        int deleteExpired(int limit);
    }

    private final String what;
    private final Batch batch;
    private final int batchSize;
    private final int maxBatches;

    public ExpiredTokenPurge(IdentityService identity) {
        this(identity, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCHES);
    }

    /**
     * @param batchSize  tokens one write deletes at the most (positive)
     * @param maxBatches writes one pass makes at the most (positive)
     */
    public ExpiredTokenPurge(IdentityService identity, int batchSize, int maxBatches) {
        this("tokens", Objects.requireNonNull(identity, "identity")::purgeExpiredTokens, batchSize, maxBatches);
    }

    /**
     * @param what       what the batch deletes, for the log ("console tokens")
     * @param batch      deletes one batch of expired tokens
     * @param batchSize  tokens one write deletes at the most (positive)
     * @param maxBatches writes one pass makes at the most (positive)
     */
    public ExpiredTokenPurge(String what, Batch batch, int batchSize, int maxBatches) {
        this.what = Objects.requireNonNull(what, "what");
        this.batch = Objects.requireNonNull(batch, "batch");
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batchSize and maxBatches must be positive, got " + batchSize
                    + " and " + maxBatches);
        }
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
    }

    /**
     * How often to purge for tokens living {@code tokenTtl}: a quarter of it, between 1 s and 15 min, so that the
     * table holds at most about a quarter lifetime's worth of expired tokens.
     */
    public static Duration intervalFor(Duration tokenTtl) {
        Duration quarter = tokenTtl.dividedBy(4);
        if (quarter.compareTo(SHORTEST_INTERVAL) < 0) {
            return SHORTEST_INTERVAL;
        }
        return quarter.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : quarter;
    }

    /**
     * One pass: batches until one comes back short or {@code maxBatches} ran.
     *
     * @return how many tokens were deleted
     */
    public int runOnce() {
        int deleted = 0;
        for (int pass = 0; pass < maxBatches; pass++) {
            int n = batch.deleteExpired(batchSize);
            deleted += n;
            if (n < batchSize) {
                break;
            }
        }
        return deleted;
    }

    /**
     * A pass as the timer runs it: a failure (the store briefly unreachable) is logged and the next pass tries
     * again, since an exception escaping here would cancel every later run of the schedule.
     */
    @Override
    public void run() {
        try {
            int deleted = runOnce();
            if (deleted > 0) {
                LOG.info("{} expired {} purged", deleted, what);
            }
        } catch (RuntimeException e) {
            LOG.warn("expired {} not purged this time, next pass in the schedule retries: {}", what, e.toString());
        }
    }

    /** Schedules {@link #run()} on {@code timer} every {@code interval} (the first pass after one interval). */
    public ScheduledFuture<?> scheduleOn(ScheduledExecutorService timer, Duration interval) {
        long every = interval.toMillis();
        return timer.scheduleWithFixedDelay(this, every, every, TimeUnit.MILLISECONDS);
    }
}
