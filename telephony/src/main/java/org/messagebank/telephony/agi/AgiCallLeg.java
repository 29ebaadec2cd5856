package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiNetworkException;
import org.messagebank.telephony.routing.CallLeg;
import org.messagebank.telephony.routing.CallerGone;
import org.messagebank.telephony.routing.DialResult;

import java.time.Duration;

/** The caller's channel over FastAGI: the router's {@link CallLeg} in Asterisk-Java commands. */
final class AgiCallLeg implements CallLeg {
    private final AgiChannel channel;
    private final BoundedAgiConnection connection;

    /**
     * @param connection the session's connection, to notice a {@code HANGUP} Asterisk sends while
     *                   no command is outstanding; null if unknown
     */
    AgiCallLeg(AgiChannel channel, BoundedAgiConnection connection) {
        this.channel = channel;
        this.connection = connection;
    }

    @Override
    public boolean hungUp() {
        return connection != null && connection.unsolicitedInput();
    }

    @Override
    public void setVariable(String name, String value) throws CallerGone {
        run(() -> channel.setVariable(name, value));
    }

    @Override
    public void answer() throws CallerGone {
        run(channel::answer);
    }

    @Override
    public void musicOnHold(boolean on) throws CallerGone {
        run(on ? channel::playMusicOnHold : channel::stopMusicOnHold);
    }

    /** {@code EXEC Dial}, sent directly: the session is held inside it for the whole conversation, so its stack stays short. */
    @Override
    public DialResult dial(String endpoint, Duration ringTimeout) throws CallerGone {
        try {
            channel.sendCommand(new DialCommand(endpoint + "," + Math.max(1, ringTimeout.toSeconds())));
        } catch (AgiHangupException e) {
            throw new CallerGone("channel hung up", e);
        } catch (AgiNetworkException e) {
            throw new CallerGone("connection to Asterisk lost", e);
        } catch (AgiException e) {
            throw new IllegalStateException("Asterisk refused an AGI command: " + e.getMessage(), e);
        }
        String[] status = new String[1];
        try {
            run(() -> status[0] = channel.getVariable("DIALSTATUS"));
        } catch (CallerGone e) {
            return DialResult.UNKNOWN;
        }
        return DialResult.fromDialStatus(status[0]);
    }

    private static void run(Command command) throws CallerGone {
        try {
            command.run();
        } catch (AgiHangupException e) {
            throw new CallerGone("channel hung up", e);
        } catch (AgiNetworkException e) {
            throw new CallerGone("connection to Asterisk lost", e);
        } catch (AgiException e) {
            throw new IllegalStateException("Asterisk refused an AGI command: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Command {
        void run() throws AgiException;
    }
}
