package org.messagebank.store.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/**
 * A telephone number that callers dial to reach a client, in canonical E.164 form (normalise
 * what people type with {@code PhoneNumbers} first).
 */
public record ClientNumber(String e164, long clientId) {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    public ClientNumber {
        if (!isCanonicalE164(e164)) {
            throw new IllegalArgumentException("not a telephone number in E.164 form: " + e164);
        }
    }

    static boolean isCanonicalE164(String number) {
        if (number == null || !number.startsWith("+")) {
            return false;
        }
        try {
            var parsed = UTIL.parse(number, "ZZ");
            return UTIL.isPossibleNumber(parsed) && UTIL.format(parsed, PhoneNumberFormat.E164).equals(number);
        } catch (NumberParseException e) {
            return false;
        }
    }
}
