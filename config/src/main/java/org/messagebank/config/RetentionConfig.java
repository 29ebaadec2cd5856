package org.messagebank.config;

import java.time.Duration;

/**
 * What the retention reaper deletes and when; the defaults follow the service's privacy policy.
 *
 * @param messages              messages and caller details, from capture ({@code retention.messages})
 * @param ceasedClientAccount   a ceased client's account data, from ceasing ({@code retention.ceased-client-account})
 * @param ceasedClientMessages  every message of a ceased client, from ceasing ({@code retention.ceased-client-messages})
 * @param ceasedReseller        a ceased reseller's record, from ceasing ({@code retention.ceased-reseller})
 * @param audit                 audit-log entries ({@code retention.audit})
 * @param outbox                outbox entries, which hold ids only ({@code retention.outbox})
 * @param reaperInterval        how often the server reaps ({@code reaper.interval})
 * @param reaperBatchSize       records deleted per transaction ({@code reaper.batch-size})
 * @param reaperDutyPercent     the share of a run spent deleting; the reaper pauses between batches
 *                              for the rest, as PostgreSQL's autovacuum does ({@code reaper.duty-percent})
 */
public record RetentionConfig(Duration messages, Duration ceasedClientAccount, Duration ceasedClientMessages,
                              Duration ceasedReseller, Duration audit, Duration outbox, Duration reaperInterval,
                              int reaperBatchSize, int reaperDutyPercent) {
    public RetentionConfig {
        if (reaperDutyPercent < 1 || reaperDutyPercent > 100) {
            throw new IllegalArgumentException("reaper duty must be 1..100 per cent: " + reaperDutyPercent);
        }
    }

    /** This policy with another reaper duty. */
    public RetentionConfig withReaperDutyPercent(int dutyPercent) {
        return new RetentionConfig(messages, ceasedClientAccount, ceasedClientMessages, ceasedReseller, audit, outbox,
                reaperInterval, reaperBatchSize, dutyPercent);
    }

    /** How long the reaper rests after a batch that took {@code work}, so that deleting takes its share of the run. */
    public Duration reaperPauseAfter(Duration work) {
        return work.multipliedBy(100 - reaperDutyPercent).dividedBy(reaperDutyPercent);
    }
}
