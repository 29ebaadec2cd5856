package org.messagebank.store;

import org.messagebank.store.domain.FieldType;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.ScriptField;
import org.messagebank.store.domain.Urgency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for test data. */
public final class TestData {
    private TestData() {
    }

    public static final List<ScriptField> PLUMBER_SCRIPT = List.of(
            ScriptField.of("caller_name", "Caller name", FieldType.TEXT, true),
            ScriptField.of("callback", "Callback number", FieldType.PHONE, true),
            ScriptField.of("reason", "Reason for calling", FieldType.LONGTEXT, true),
            ScriptField.choice("urgency", "Urgency", true, "normal", "urgent"));

    public static MessageBuilder message(long clientId) {
        return new MessageBuilder(clientId);
    }

    public static final class MessageBuilder {
        private final long clientId;
        private Long callId;
        private Long operatorId;
        private String callerNumber = "+447700900123";
        private String callerName = "Jane Caller";
        private final Map<String, String> fields = new LinkedHashMap<>();
        private Urgency urgency = Urgency.NORMAL;

        MessageBuilder(long clientId) {
            this.clientId = clientId;
            fields.put("reason", "boiler leaking in the kitchen");
        }

        public MessageBuilder call(long callId) {
            this.callId = callId;
            return this;
        }

        public MessageBuilder operator(long operatorId) {
            this.operatorId = operatorId;
            return this;
        }

        public MessageBuilder caller(String number, String name) {
            this.callerNumber = number;
            this.callerName = name;
            return this;
        }

        public MessageBuilder field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public MessageBuilder urgent() {
            this.urgency = Urgency.URGENT;
            return this;
        }

        public NewMessage build() {
            return new NewMessage(clientId, callId, operatorId, callerNumber, callerName, 1, fields, urgency);
        }
    }

    /** A clock tests move by hand: standing still from a start, or {@linkplain #running() running} with real time. */
    public static final class MutableClock extends Clock {
        private final Clock base;
        private volatile Duration ahead = Duration.ZERO;

        public MutableClock(Instant start) {
            this(Clock.fixed(start, ZoneOffset.UTC));
        }

        private MutableClock(Clock base) {
            this.base = base;
        }

        /** The system clock, moved on by whatever the test advances it by. */
        public static MutableClock running() {
            return new MutableClock(Clock.systemUTC());
        }

        public void advance(Duration d) {
            ahead = ahead.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return base.instant().plus(ahead);
        }
    }

    /**
     * Closes what a test opened, skipping what it never got to open (a PostgreSQL test without
     * a database is skipped in its set-up, before anything exists).
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        for (var resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
