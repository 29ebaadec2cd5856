package org.messagebank.store.event;

class InProcessEventBusTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        return new InProcessEventBus();
    }
}
