package org.messagebank.store.event;

/**
 * An event on the bus. Events carry ids, kinds and states only, never personal data, so that
 * erasing a person never has to chase copies through a broker's log; consumers read details
 * from the store.
 */
public interface BusEvent {

    /** Events with the same key are delivered in publication order. */
    String key();
}
