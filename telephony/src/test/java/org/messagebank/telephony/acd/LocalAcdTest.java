package org.messagebank.telephony.acd;

import org.messagebank.store.TestData.MutableClock;
import org.messagebank.telephony.RecordingBus;

class LocalAcdTest extends AcdContract {

    @Override
    Acd open(MutableClock clock, RecordingBus bus) {
        return new LocalAcd(clock, bus, WRAP_UP_LIMIT);
    }
}
