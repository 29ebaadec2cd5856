package org.messagebank.server;

import org.junit.jupiter.api.Test;
import org.messagebank.store.event.BusEvent;
import org.messagebank.store.event.Topic;
import org.messagebank.store.event.kafka.EventCodec;

import java.lang.reflect.RecordComponent;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class EventTopicsTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void everyEventRoundTripsThroughJsonAndCarriesIdsKindsAndStatesOnly() throws Exception {
        for (Topic<?> topic : EventTopics.ALL) {
            BusEvent event = sample(topic.type());
            assertEquals(event, codec.decode(codec.encode(event), topic.type()), topic.name());
        }
    }

    @Test
    void topicNamesAreDistinct() {
        var names = new HashSet<String>();
        EventTopics.ALL.forEach(topic -> assertTrue(names.add(topic.name()), topic.name()));
    }

    /** An event with a different value in each field, so a field lost or swapped on the way shows. */
    private static BusEvent sample(Class<? extends BusEvent> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            return fail(type.getName() + " is not a record");
        }
        var classes = new Class<?>[components.length];
        var values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> c = components[i].getType();
            classes[i] = c;
            if (c == long.class || c == Long.class) {
                values[i] = 100L + i;
            } else if (c == int.class || c == Integer.class) {
                values[i] = 100 + i;
            } else if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                values[i] = constants[constants.length - 1];
            } else if (c == String.class) {
                values[i] = "code-" + i;
            } else {
                return fail(type.getSimpleName() + "." + components[i].getName() + " is a " + c.getSimpleName()
                        + ": events carry ids, kinds, states and short codes only");
            }
        }
        return type.getDeclaredConstructor(classes).newInstance(values);
    }
}
