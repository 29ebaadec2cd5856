package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.AgiChannelFactory;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiReader;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiWriter;
import org.asteriskjava.fastagi.InvalidCommandSyntaxException;
import org.asteriskjava.fastagi.InvalidOrUnknownCommandException;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.internal.AgiChannelImpl;
import org.asteriskjava.fastagi.reply.AgiReply;

import java.lang.reflect.Field;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Asterisk-Java's AGI channel with its one {@code synchronized} method, {@code sendCommand},
 * guarded by a lock instead. A command such as {@code EXEC Dial} blocks reading the reply for the
 * whole conversation; inside {@code synchronized} that pins the virtual thread to its carrier on
 * JDK 21 to 23, so a few calls in progress would stall every other session. Behaviour is
 * otherwise the library's: 510, 511 and 520 replies become its exceptions, and the reply is
 * stored in the library's own {@code lastReply} field, which its convenience methods
 * ({@code exec}, {@code getVariable}, ...) read. Should that field ever be out of reach, the
 * library's synchronized method is used unchanged.
 */
final class UnpinnedAgiChannel extends AgiChannelImpl {
    /**
     * Creates these channels for Asterisk-Java's connection handler. A reader that makes requests
     * releasable is unwrapped: the channel reads replies from the library's reader directly.
     */
    static final AgiChannelFactory FACTORY = (request, writer, reader) -> new UnpinnedAgiChannel(request, writer,
            reader instanceof ReleasableAgiRequest.Reader releasing ? releasing.inner() : reader);

    private static final Field LAST_REPLY = lastReplyField();

    private final ReentrantLock lock = new ReentrantLock();
    private final AgiWriter writer;
    private final AgiReader reader;
    private volatile AgiReply lastReply;

    private UnpinnedAgiChannel(AgiRequest request, AgiWriter writer, AgiReader reader) {
        super(request, writer, reader);
        this.writer = writer;
        this.reader = reader;
    }

    private static Field lastReplyField() {
        try {
            var field = AgiChannelImpl.class.getDeclaredField("lastReply");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public AgiReply sendCommand(AgiCommand command) throws AgiException {
        if (LAST_REPLY == null) {
            return super.sendCommand(command);
        }
        lock.lock();
        try {
            command.setAsteriskVersion(getAsteriskVersion());
            writer.sendCommand(command);
            var reply = reader.readReply();
            lastReply = reply;
            try {
                LAST_REPLY.set(this, reply);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            switch (reply.getStatus()) {
                case AgiReply.SC_INVALID_OR_UNKNOWN_COMMAND -> throw new InvalidOrUnknownCommandException(command.buildCommand());
                case AgiReply.SC_DEAD_CHANNEL -> throw new AgiHangupException();
                case AgiReply.SC_INVALID_COMMAND_SYNTAX -> throw new InvalidCommandSyntaxException(reply.getSynopsis(), reply.getUsage());
                default -> {
                    return reply;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AgiReply getLastReply() {
        return LAST_REPLY == null ? super.getLastReply() : lastReply;
    }
}
