package org.messagebank.store;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Telephone numbers in E.164, parsed with libphonenumber against a default region. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** Numbers already in E.164 need no parsing (the common case: stored caller numbers). */
    private static final Pattern CANONICAL = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Text with fewer digits than the shortest number cannot hold one; skip the matcher. */
    private static final int MIN_DIGITS = 7;
    /**
     * Text that is nothing but one number as people write it (a callback field, a number typed
     * into search): parsed directly, which is much cheaper than the matcher.
     */
    private static final Pattern NUMBER_ONLY = Pattern.compile("[+(]?[0-9][0-9 ().-]*[0-9]");

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        if (!UTIL.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("unsupported region: " + defaultRegion);
        }
        this.defaultRegion = defaultRegion;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** The number in E.164, if it parses as a possible number in the default region or in international form. */
    public Optional<String> toE164(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (CANONICAL.matcher(raw).matches()) {
            return Optional.of(raw);
        }
        try {
            var number = UTIL.parse(raw, defaultRegion);
            if (!UTIL.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #toE164} but fails with a message naming what was wrong. */
    public String requireE164(String raw) {
        return toE164(raw).orElseThrow(() -> new IllegalArgumentException(
                "not a telephone number in region " + defaultRegion + ": " + raw));
    }

    /** The E.164 form if it parses, else the input trimmed (caller IDs can be words such as "anonymous"). */
    public String normaliseCallerId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return toE164(raw).orElse(raw.strip());
    }

    private static int digits(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** A telephone number found inside free text. */
    public record Found(int start, int end, String e164) {
    }

    /** Every telephone number written in the text, leniently matched, with its position. */
    public List<Found> findIn(CharSequence text) {
        if (digits(text) < MIN_DIGITS) {
            return List.of();
        }
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        var whole = text.subSequence(start, end).toString();
        if (NUMBER_ONLY.matcher(whole).matches()) {
            var e164 = toE164(whole);
            if (e164.isPresent()) {
                return List.of(new Found(start, end, e164.get()));
            }
        }
        var found = new ArrayList<Found>();
        for (PhoneNumberMatch m : UTIL.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
            found.add(new Found(m.start(), m.end(), UTIL.format(m.number(), PhoneNumberFormat.E164)));
        }
        return found;
    }
}
