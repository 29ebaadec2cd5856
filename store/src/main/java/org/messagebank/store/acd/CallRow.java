package org.messagebank.store.acd;

import java.time.Instant;

/**
 * A call in progress as the shared call distribution stores it.
 *
 * @param nodeId     the node whose FastAGI session serves the call
 * @param arrivalSeq orders calls that arrived in the same instant; 0 before the row is inserted
 * @param stage      QUEUED, OFFERED or CONNECTED
 * @param operatorId the operator it is offered to or connected with; null while it waits
 */
public record CallRow(long callId, long clientId, String nodeId, Instant arrivedAt, long arrivalSeq, String stage,
                      Long operatorId) {

    public CallRow withStage(String newStage, Long newOperatorId) {
        return new CallRow(callId, clientId, nodeId, arrivedAt, arrivalSeq, newStage, newOperatorId);
    }
}
