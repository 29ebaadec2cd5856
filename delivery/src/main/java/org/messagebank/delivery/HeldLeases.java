package org.messagebank.delivery;

import org.messagebank.store.DispatchStore;
import org.messagebank.store.domain.Dispatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The leases of the dispatches one worker claimed together, kept while it sends them in turn.
 * Once less than half of the lease is left they are renewed, both when the worker asks for the
 * next one and, from a virtual thread looking every {@code checkEvery}, while a single send
 * takes longer than the lease. A dispatch whose renewal fails was claimed by another worker
 * after its lease ran out (this node paused, or could not reach the database) and is dropped.
 * Renewal stops once the claim is {@link #MAX_HOLD_LEASES} leases old: every transport has
 * time-outs far shorter, so a send still running then is stuck, and its dispatch and those
 * waiting behind it are left to run out and go to another worker.
 */
final class HeldLeases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeldLeases.class);

    /** How many leases long a worker may keep a claim by renewing it. */
    static final int MAX_HOLD_LEASES = 10;

    private final DispatchStore dispatches;
    private final String owner;
    private final Clock clock;
    private final Duration lease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean closed;
    private final Set<Long> held = new LinkedHashSet<>();
    private Instant leasedUntil;
    private final Instant renewableUntil;
    private final Thread keeper;

    HeldLeases(DispatchStore dispatches, String owner, Clock clock, Duration lease, Duration checkEvery, List<Dispatch> claimed) {
        this.dispatches = dispatches;
        this.owner = owner;
        this.clock = clock;
        this.lease = lease;
        claimed.forEach(d -> held.add(d.id()));
        this.leasedUntil = claimed.stream().map(Dispatch::leaseUntil).min(Instant::compareTo).orElseGet(clock::instant);
        this.renewableUntil = clock.instant().plus(lease.multipliedBy(MAX_HOLD_LEASES));
        this.keeper = Thread.ofVirtual().name("lease-keeper-" + owner).start(() -> keep(checkEvery));
    }

    /** True if {@code d} is still this worker's to send, renewing the leases first if they are due. */
    boolean stillHeld(Dispatch d) {
        lock.lock();
        try {
            renewIfDue();
            if (held.contains(d.id())) {
                return true;
            }
            log.debug("dispatch {} is no longer this worker's: another claimed it, or the claim grew too old", d.id());
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops keeping the lease of {@code d}: it has been sent, retried or failed. */
    void release(Dispatch d) {
        lock.lock();
        try {
            held.remove(d.id());
        } finally {
            lock.unlock();
        }
    }

    private void keep(Duration checkEvery) {
        lock.lock();
        try {
            while (!closed) {
                if (wake.await(checkEvery.toNanos(), TimeUnit.NANOSECONDS) || closed) {
                    continue;
                }
                try {
                    renewIfDue();
                } catch (RuntimeException e) {
                    log.warn("could not renew the leases of {} dispatch(es) held by {}; retrying in {} ms", held.size(), owner,
                            checkEvery.toMillis(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held. */
    private void renewIfDue() {
        var now = clock.instant();
        if (held.isEmpty() || !now.plus(lease.dividedBy(2)).isAfter(leasedUntil)) {
            return;
        }
        if (now.isAfter(renewableUntil)) {
            log.warn("{} has held {} dispatch(es) for over {} leases, so a send seems stuck; their leases are left to run out",
                    owner, held.size(), MAX_HOLD_LEASES);
            held.clear();
            return;
        }
        held.removeIf(id -> !dispatches.renewLease(id, owner, now, lease));
        leasedUntil = now.plus(lease);
    }

    /**
     * Stops the keeper, never by interrupting it (an interrupt inside a JDBC call could close an
     * embedded database's files), and waits for it; an interrupt of the caller meanwhile is kept.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (keeper.isAlive()) {
            try {
                keeper.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
