package org.messagebank.delivery;

/** What one dispatch carries, per channel. */
public sealed interface Content {

    /** An SMS text, already fitted to the allowed segments. */
    record Sms(String text) implements Content {
        @Override
        public String toString() {
            return "Sms[" + text.length() + " chars]";
        }
    }

    /** An email: subject, plain text and HTML alternatives. */
    record Mail(String subject, String plain, String html) implements Content {
        @Override
        public String toString() {
            return "Mail[...]";
        }
    }

    /** A JSON document for the client's webhook. */
    record Webhook(byte[] json) implements Content {
        @Override
        public String toString() {
            return "Webhook[" + json.length + " bytes]";
        }
    }
}
