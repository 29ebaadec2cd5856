package org.messagebank.telephony;

import org.messagebank.config.AgiConfig;
import org.messagebank.config.TelephonyConfig;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.OutboxEntry;
import org.messagebank.store.event.MessageChanged;
import org.messagebank.store.event.EventBus;
import org.messagebank.telephony.acd.Acd;
import org.messagebank.telephony.acd.LocalAcd;
import org.messagebank.telephony.acd.OperatorStatus;
import org.messagebank.telephony.agi.AgiListener;
import org.messagebank.telephony.ami.AmiBridge;
import org.messagebank.telephony.routing.CallRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Telephony for one node: the FastAGI listener and call router, the operator queue (ACD), and the
 * AMI bridge when configured. This is the module's one entry point for the rest of the server,
 * including the operator API the web layer drives; no Asterisk-Java type appears on it.
 */
public final class Telephony implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Telephony.class);
    /** How often maximum waits and wrap-up limits are applied. */
    static final Duration TICK = Duration.ofMillis(100);

    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final EventBus bus;
    private EventBus.Subscription savedMessages;
    private final Acd acd;
    private final AgiListener agi;
    private final AmiBridge ami;
    private volatile boolean closed;
    private Thread ticker;

    /** Telephony for a node on its own: call distribution in memory. */
    public Telephony(AgiConfig agiConfig, TelephonyConfig config, MessageBankStore store, PhoneNumbers phones, EventBus bus,
                     Clock clock) {
        this(agiConfig, config, store, phones, bus, new LocalAcd(clock, bus, config.wrapUpLimit()));
    }

    /** Telephony with the given call distribution, such as a {@link org.messagebank.telephony.acd.SharedAcd} for several nodes. */
    public Telephony(AgiConfig agiConfig, TelephonyConfig config, MessageBankStore store, PhoneNumbers phones, EventBus bus,
                     Acd acd) {
        this.store = store;
        this.phones = phones;
        this.bus = bus;
        this.acd = acd;
        var router = new CallRouter(store.clients(), store.routing(), store.calls(), phones, acd,
                new CallRouter.Settings(config.dialledNumberFromDnid(), config.defaultMaxWait(), config.ringTimeout()));
        this.agi = new AgiListener(new AgiListener.Settings(agiConfig.host(), agiConfig.port(), config.maxSessions(),
                config.environmentTimeout(), config.maxLineLength()), router);
        var amiConfig = config.ami();
        this.ami = amiConfig.enabled()
                ? new AmiBridge(new AmiBridge.Settings(amiConfig.host(), amiConfig.port(), amiConfig.username(),
                amiConfig.secret(), amiConfig.originateContext(), amiConfig.reconnectMaxDelay(), config.ringTimeout()), acd)
                : null;
    }

    /** Starts the clock-driven queue work, AMI (in the background) and the FastAGI listener; returns its address. */
    public InetSocketAddress start() {
        acd.start();
        savedMessages = bus.subscribe(MessageChanged.TOPIC, bus.nodeGroup("telephony-wrap-up"), this::messageChanged);
        ticker = Thread.ofVirtual().name("acd-ticker").start(this::tickUntilClosed);
        if (ami != null) {
            ami.start();
        } else {
            log.info("AMI not configured (ami.host is empty): call state comes from FastAGI alone");
        }
        return agi.start();
    }

    /** A message saved for a call ends the wrap-up of the operator who took it. */
    private void messageChanged(MessageChanged change) {
        if (change.kind() != OutboxEntry.OutboxKind.MESSAGE_CREATED) {
            return;
        }
        store.messages().find(Scope.admin(), change.messageId()).ifPresent(message -> {
            if (message.operatorId() != null && message.callId() != null) {
                acd.messageSaved(message.operatorId(), message.callId());
            }
        });
    }

    private void tickUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(TICK);
                acd.tick();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("ACD tick failed: {}", e.getMessage());
            }
        }
    }

    /** Whether an AMI connection is configured. */
    public boolean amiEnabled() {
        return ami != null;
    }

    /** Whether AMI is connected and in sync; false when it is not configured. */
    public boolean amiConnected() {
        return ami != null && ami.connected();
    }

    public AgiListener.Stats agiStats() {
        return agi.stats();
    }

    /** The queue and operator states (for the console, and for tests). */
    public Acd acd() {
        return acd;
    }

    // ---- the operator API -----------------------------------------------------------------

    /** Logs the operator in (AVAILABLE), with their endpoint and allowed clients read from the store. */
    public OperatorStatus logIn(long operatorId) {
        var operator = store.operators().find(operatorId)
                .orElseThrow(() -> new NotFoundException("no operator " + operatorId));
        acd.logIn(operatorId, operator.endpoint(), store.operators().allowedClients(operatorId));
        return acd.status(operatorId);
    }

    public OperatorStatus logOut(long operatorId) {
        acd.logOut(operatorId);
        return acd.status(operatorId);
    }

    /** Pauses the operator; {@code reason} is a short code such as {@code break}. */
    public OperatorStatus pause(long operatorId, String reason) {
        acd.pause(operatorId, reason);
        return acd.status(operatorId);
    }

    public OperatorStatus resume(long operatorId) {
        acd.resume(operatorId);
        return acd.status(operatorId);
    }

    /**
     * The message of the operator's last call was discarded (or saved without a call id): they
     * become available. Saving a message with the call's id does this by itself.
     */
    public OperatorStatus finishWrapUp(long operatorId) {
        acd.finishWrapUp(operatorId);
        return acd.status(operatorId);
    }

    public List<OperatorStatus> operators() {
        return acd.operators();
    }

    /**
     * Calls a number back from the operator's phone: Asterisk rings the operator's endpoint, then
     * dials the number.
     *
     * @throws IllegalArgumentException when the number is not a telephone number
     * @throws IllegalStateException    when AMI is not configured or not connected
     */
    public void callBack(long operatorId, String number) {
        String e164 = phones.requireE164(number);
        var operator = store.operators().find(operatorId)
                .orElseThrow(() -> new NotFoundException("no operator " + operatorId));
        if (ami == null) {
            throw new IllegalStateException("call-back needs AMI (ami.host is empty)");
        }
        ami.originate(operator.endpoint(), e164);
    }

    @Override
    public void close() {
        closed = true;
        if (savedMessages != null) {
            savedMessages.close();
        }
        if (ticker != null) {
            ticker.interrupt();
        }
        agi.close();
        if (ami != null) {
            ami.close();
        }
        acd.close();
    }
}
