package org.messagebank.telephony.ami;

import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DeviceStateChangeEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.messagebank.telephony.acd.Acd;
import org.messagebank.telephony.acd.PhoneState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The Asterisk Manager Interface connection: keeps operator phone state and call progress true
 * from AMI events, re-synchronises after every (re)connection, and originates call-backs.
 *
 * <p>Asterisk-Java's {@link ManagerConnection} does the protocol (MD5 challenge login, actions,
 * events) and reconnects by itself after a dropped connection; this bridge logs in the first time
 * with an exponential backoff (100 ms doubling up to the configured maximum), starts over with
 * a fresh connection whenever the library gives up, and re-reads channels ({@code CoreShowChannels})
 * and device states ({@code DeviceStateList}) once connected again. Events become calls on the
 * {@link Acd}; no Asterisk-Java type goes further. Routing over FastAGI never waits for AMI.
 */
public final class AmiBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiBridge.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final long ACTION_TIMEOUT_MS = 10_000;

    /**
     * @param originateContext dialplan context call-backs are originated into
     * @param maxDelay         longest pause between connection attempts
     * @param ringTimeout      how long the operator's phone rings for a call-back
     */
    public record Settings(String host, int port, String username, String secret, String originateContext,
                           Duration maxDelay, Duration ringTimeout) {
        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", username=" + username + "]";
        }
    }

    private final Settings settings;
    private final Acd acd;
    private final Semaphore wake = new Semaphore(0);
    private volatile ManagerConnection connection;
    private volatile boolean synced;
    private volatile boolean needsResync;
    private volatile boolean closed;
    private volatile long resyncs;
    private Thread supervisor;

    public AmiBridge(Settings settings, Acd acd) {
        this.settings = settings;
        this.acd = acd;
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        supervisor = Thread.ofVirtual().name("ami-supervisor").start(this::supervise);
    }

    /** True while logged in to Asterisk and re-synchronised. */
    public boolean connected() {
        var c = connection;
        return synced && c != null && c.getState() == ManagerConnectionState.CONNECTED;
    }

    /** How many times state has been re-synchronised from Asterisk since start. */
    public long resynchronisations() {
        return resyncs;
    }

    /**
     * Rings the operator's endpoint and, once answered, dials the number through the configured
     * context.
     *
     * @throws IllegalStateException when AMI is not connected or Asterisk refuses
     */
    public void originate(String endpoint, String number) {
        var c = connection;
        if (!connected() || c == null) {
            throw new IllegalStateException("AMI is not connected");
        }
        var action = new OriginateAction();
        action.setChannel(endpoint);
        action.setContext(settings.originateContext());
        action.setExten(number);
        action.setPriority(1);
        action.setTimeout(settings.ringTimeout().toMillis());
        action.setAsync(true);
        try {
            var response = c.sendAction(action, ACTION_TIMEOUT_MS);
            if (response instanceof ManagerError error) {
                throw new IllegalStateException("Asterisk refused the call-back: " + error.getMessage());
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("call-back not sent: " + e.getMessage(), e);
        }
    }

    private void supervise() {
        Duration delay = FIRST_DELAY;
        while (!closed) {
            var c = connection;
            if (c == null || c.getState() == ManagerConnectionState.DISCONNECTED || c.getState() == ManagerConnectionState.INITIAL) {
                if (login()) {
                    delay = FIRST_DELAY;
                } else {
                    pause(delay);
                    delay = delay.multipliedBy(2).compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay.multipliedBy(2);
                    continue;
                }
            }
            c = connection;
            if (needsResync && c != null && c.getState() == ManagerConnectionState.CONNECTED) {
                resync(c);
            }
            pause(needsResync ? Duration.ofMillis(20) : Duration.ofSeconds(1));
        }
    }

    private boolean login() {
        var c = new ManagerConnectionFactory(settings.host(), settings.port(), settings.username(), settings.secret())
                .createManagerConnection();
        c.addEventListener(this::onEvent);
        try {
            c.login();
            connection = c;
            needsResync = true;
            log.info("AMI connected to {}:{}", settings.host(), settings.port());
            return true;
        } catch (AuthenticationFailedException e) {
            log.warn("AMI login to {}:{} as {} refused", settings.host(), settings.port(), settings.username());
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("AMI connection to {}:{} failed: {}", settings.host(), settings.port(), e.getMessage());
        }
        try {
            if (c.getState() == ManagerConnectionState.CONNECTED || c.getState() == ManagerConnectionState.RECONNECTING) {
                c.logoff();
            }
        } catch (RuntimeException ignored) {
            // the attempt failed anyway
        }
        return false;
    }

    private void resync(ManagerConnection c) {
        try {
            var answer = c.sendEventGeneratingAction(new CoreShowChannelsAction(), ACTION_TIMEOUT_MS);
            Set<String> live = new HashSet<>();
            Set<String> bridged = new HashSet<>();
            for (var event : answer.getEvents()) {
                if (event instanceof CoreShowChannelEvent channel && channel.getUniqueid() != null) {
                    live.add(channel.getUniqueid());
                    if (channel.getBridgeid() != null && !channel.getBridgeid().isBlank()) {
                        bridged.add(channel.getUniqueid());
                    }
                }
            }
            acd.resynchronise(live, bridged);
            c.sendAction(new DeviceStateListAction(), ACTION_TIMEOUT_MS);
            needsResync = false;
            synced = true;
            resyncs++;
            log.info("AMI state re-synchronised: {} channel(s) in Asterisk", live.size());
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("AMI re-synchronisation failed, will retry: {}", e.getMessage());
            pause(Duration.ofMillis(200));
        }
    }

    /** Translates the AMI events we use; every other event is dropped. */
    private void onEvent(ManagerEvent event) {
        try {
            switch (event) {
                case DialEndEvent dial when "ANSWER".equals(dial.getDialStatus()) && dial.getUniqueId() != null ->
                        acd.answered(dial.getUniqueId());
                case BridgeEnterEvent bridge when bridge.getUniqueId() != null -> acd.answered(bridge.getUniqueId());
                case HangupEvent hangup when hangup.getUniqueId() != null -> acd.hungUp(hangup.getUniqueId());
                case DeviceStateChangeEvent device when device.getDevice() != null ->
                        acd.phoneState(device.getDevice(), PhoneState.fromDeviceState(device.getState()));
                case DisconnectEvent disconnect -> {
                    synced = false;
                    needsResync = true;
                    if (!closed) {
                        log.warn("AMI connection lost; reconnecting (routing over FastAGI goes on)");
                    }
                    wake.release();
                }
                default -> log.trace("AMI event {} ignored", event.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            log.warn("AMI event {} not applied: {}", event.getClass().getSimpleName(), e.getClass().getSimpleName());
        }
    }

    private void pause(Duration d) {
        try {
            wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        wake.release();
        if (supervisor != null) {
            supervisor.interrupt();
            try {
                supervisor.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var c = connection;
        if (c != null) {
            try {
                var state = c.getState();
                if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
                    c.logoff();
                }
            } catch (RuntimeException e) {
                log.debug("AMI logoff failed", e);
            }
        }
    }
}
