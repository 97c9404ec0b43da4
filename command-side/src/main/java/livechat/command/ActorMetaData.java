package livechat.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Copies a command's actor into its metadata, from where Axon's correlation carries it onto every event the
 * command causes: the audit trail names who did what even for events a multi-step process wrote.
 */
public final class ActorMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String KEY = "actor";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.getPayload() instanceof ActorCommand withActor
                ? command.andMetaData(Map.of(KEY, withActor.actor().toString()))
                : command;
    }
}
