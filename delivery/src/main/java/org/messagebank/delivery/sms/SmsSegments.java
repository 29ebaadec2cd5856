package org.messagebank.delivery.sms;

/**
 * How long an SMS is on the air. A text whose every character is in the GSM 03.38 alphabet is
 * sent in GSM-7: 160 septets in one segment, 153 per segment once split; the extension
 * characters {@code ^ { } \ [ ] ~ | €} and form feed take two septets and are never split
 * across segments. Any other character makes the whole text UCS-2: 70 UTF-16 units in one
 * segment, 67 per segment once split; a surrogate pair (an emoji) takes two units and is
 * never split.
 *
 * <p>Long texts: {@link #fit} cuts a text that needs more than the allowed segments at a
 * character boundary and ends it with {@code ...} (GSM-7) or {@code …} (UCS-2), so that the
 * ellipsis never changes the encoding and the result needs at most the allowed segments.
 */
public final class SmsSegments {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "^{}\\[~]|€\f";

    public static final int GSM_SINGLE = 160;
    public static final int GSM_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    private SmsSegments() {
    }

    /** The encoding an SMS is sent in. */
    public enum Encoding {
        GSM_7, UCS_2
    }

    /** A text's encoding, its length in septets (GSM-7) or UTF-16 units (UCS-2), and its segments. */
    public record Measure(Encoding encoding, int units, int segments) {
    }

    public static Encoding encoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return Encoding.UCS_2;
            }
        }
        return Encoding.GSM_7;
    }

    public static Measure measure(String text) {
        return measure(text, encoding(text));
    }

    private static Measure measure(String text, Encoding encoding) {
        boolean gsm = encoding == Encoding.GSM_7;
        int single = gsm ? GSM_SINGLE : UCS2_SINGLE;
        int part = gsm ? GSM_PART : UCS2_PART;
        int units = 0;
        int segments = 1;
        int inSegment = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int cost = gsm ? (EXTENSION.indexOf(cp) >= 0 ? 2 : 1) : Character.charCount(cp);
            units += cost;
            if (inSegment + cost > part) {
                segments++;
                inSegment = 0;
            }
            inSegment += cost;
            i += Character.charCount(cp);
        }
        return new Measure(encoding, units, units <= single ? 1 : segments);
    }

    /** The text itself if it fits in {@code maxSegments}, otherwise its longest prefix that fits with an ellipsis. */
    public static String fit(String text, int maxSegments) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1");
        }
        Encoding encoding = encoding(text);
        if (measure(text, encoding).segments() <= maxSegments) {
            return text;
        }
        String ellipsis = encoding == Encoding.GSM_7 ? "..." : "…";
        int[] codePoints = text.codePoints().toArray();
        int keep = codePoints.length;
        while (keep > 0) {
            keep--;
            String candidate = new String(codePoints, 0, keep).stripTrailing() + ellipsis;
            if (measure(candidate, encoding).segments() <= maxSegments) {
                return candidate;
            }
        }
        return ellipsis;
    }
}
