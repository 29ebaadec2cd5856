package org.messagebank.telephony.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;

import java.io.Serial;

/**
 * {@code Action: DeviceStateList}: Asterisk answers with one {@code DeviceStateChange} event per
 * device, which reach the event listener like live changes. Asterisk-Java 3.42 has no class for it.
 */
final class DeviceStateListAction extends AbstractManagerAction {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String getAction() {
        return "DeviceStateList";
    }
}
