package org.messagebank.store.event.kafka;

import org.junit.jupiter.api.Test;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.OutboxEntry.OutboxKind;
import org.messagebank.store.event.DispatchChanged;
import org.messagebank.store.event.MessageChanged;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void writesTheEventsFieldsByNameAndNothingElse() {
        var event = new MessageChanged(11, 22, 33, OutboxKind.MESSAGE_DELETED);
        assertEquals("{\"messageId\":11,\"clientId\":22,\"outboxSeq\":33,\"kind\":\"MESSAGE_DELETED\"}",
                new String(codec.encode(event), StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsTheStoresEvents() {
        var message = new MessageChanged(1, 2, 3, OutboxKind.MESSAGE_CREATED);
        var dispatch = new DispatchChanged(4, 5, 6, DispatchState.values()[0]);
        assertEquals(message, codec.decode(codec.encode(message), MessageChanged.class));
        assertEquals(dispatch, codec.decode(codec.encode(dispatch), DispatchChanged.class));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        byte[] newer = "{\"messageId\":1,\"clientId\":2,\"outboxSeq\":3,\"kind\":\"MESSAGE_CREATED\",\"addedLater\":9}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(new MessageChanged(1, 2, 3, OutboxKind.MESSAGE_CREATED), codec.decode(newer, MessageChanged.class));
    }
}
