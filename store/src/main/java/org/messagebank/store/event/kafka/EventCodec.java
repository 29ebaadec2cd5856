package org.messagebank.store.event.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.messagebank.store.event.BusEvent;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Bus events as JSON records: the event's fields by name (ids, kinds and states only), so a
 * broker's log never holds personal data. Fields a reader does not know are ignored, so nodes of
 * a newer version can publish to nodes of an older one during a rolling upgrade.
 */
public final class EventCodec {
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] encode(BusEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + event.getClass().getSimpleName(), e);
        }
    }

    public <E extends BusEvent> E decode(byte[] bytes, Class<E> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a " + type.getSimpleName(), e);
        }
    }
}
