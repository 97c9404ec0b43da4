package livechat.api.security;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * Records the verified principal behind a command in its metadata: {@code subject} and {@code issuer} of the token
 * the request came with. Axon's correlation carries both onto every event the command causes, beside the
 * {@code actor} that {@code ActorMetaData} records. The request's principal is handed to the store thread that
 * sends the command (or the several commands of a process) through {@link #during}.
 */
public final class PrincipalMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String SUBJECT = "subject";
    public static final String ISSUER = "issuer";

    private static final ThreadLocal<Identity> CURRENT = new ThreadLocal<>();

    /** Runs {@code work} with the commands it sends recording {@code identity} (none when null). */
    public static <R> R during(Identity identity, Callable<R> work) throws Exception {
        Identity before = CURRENT.get();
        CURRENT.set(identity);
        try {
            return work.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        Identity identity = CURRENT.get();
        return (index, command) -> identity == null || command.getMetaData().containsKey(SUBJECT) ? command
                : command.andMetaData(Map.of(SUBJECT, identity.subject(), ISSUER, identity.issuer()));
    }
}
