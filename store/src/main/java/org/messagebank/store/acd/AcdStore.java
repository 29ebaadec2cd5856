package org.messagebank.store.acd;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The call distribution's working state when several nodes share it (ADR 10): a seat per operator
 * who has logged in, the calls the nodes hold, and each node's last sign of life. Ids and states
 * only. Decisions are made in one {@linkplain #inTransaction transaction} each, under row locks:
 * a seat or a call claimed by one node is skipped by the others, never waited for.
 */
public interface AcdStore {

    /**
     * Runs the work in one transaction under the row locks it takes, committed on return. A
     * transaction the database aborts for a deadlock or a serialization failure is run again (at
     * most a few times), so the work must not act outside the database before it returns.
     */
    <T> T inTransaction(Function<Transaction, T> work);

    Optional<SeatRow> seat(long operatorId);

    /** Every seat, by operator id. */
    List<SeatRow> seats();

    Optional<CallRow> call(long callId);

    /** Calls waiting for an operator on any node, oldest first. */
    List<CallRow> waiting();

    /** The calls the node holds, in any stage. */
    List<CallRow> callsOf(String nodeId);

    /** The calls the node holds that are offered to an operator (ringing). */
    List<CallRow> offeredCallsOf(String nodeId);

    /**
     * Records that the node is alive at {@code now}; false when the node was not known (its first
     * heartbeat, or the first after other nodes took it for dead and forgot it).
     */
    boolean heartbeat(String nodeId, Instant now);

    /** Clients that an AVAILABLE operator whose phone is not UNAVAILABLE may answer. */
    Set<Long> clientsWithFreeSeats();

    /** Nodes whose last sign of life is before {@code before}. */
    List<String> nodesSilentSince(Instant before);

    /** What one transaction may do. */
    interface Transaction {

        /** The operator's seat, locked until commit. */
        Optional<SeatRow> lockSeat(long operatorId);

        /** Creates or replaces the seat. */
        void saveSeat(SeatRow seat);

        /** Replaces the clients the operator may answer. */
        void setSeatClients(long operatorId, Set<Long> clientIds);

        /**
         * The longest-idle AVAILABLE seat allowed for the client whose phone is not UNAVAILABLE
         * (the lower operator id first between equals), locked; seats other transactions hold are
         * skipped.
         */
        Optional<SeatRow> claimFreeSeat(long clientId);

        /** The oldest waiting call the operator may answer, locked; calls other transactions hold are skipped. */
        Optional<CallRow> claimOldestWaiting(long operatorId);

        /** The seats of this endpoint key (lower case), locked, by operator id. */
        List<SeatRow> lockSeatsByEndpoint(String endpointKey);

        /** Seats in WRAP_UP since before {@code since}, locked; seats other transactions hold are skipped. */
        List<SeatRow> claimWrapUpsSince(Instant since);

        /** Adds a call; returns it with its arrival sequence number. */
        CallRow insertCall(CallRow call);

        /** The call, locked until commit. */
        Optional<CallRow> lockCall(long callId);

        /** Stores the call's stage and operator. */
        void saveCall(CallRow call);

        /** Removes the call; false when it was already gone. */
        boolean deleteCall(long callId);

        /** The node's calls, locked. */
        List<CallRow> lockCallsOf(String nodeId);

        /** Forgets the node's sign of life. */
        void forgetNode(String nodeId);
    }
}
