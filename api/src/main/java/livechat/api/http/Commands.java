package livechat.api.http;

import livechat.api.store.StoreWork;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.Callable;

/**
 * Sends commands; each names its actor, which {@code ActorMetaData} copies onto its events. The answer arrives once
 * the command's events are committed to the event store; handling runs on {@link StoreWork}'s threads because the
 * store is written synchronously.
 */
@Component
class Commands {

    private final CommandGateway gateway;
    private final StoreWork storeWork;

    Commands(CommandGateway gateway, StoreWork storeWork) {
        this.gateway = gateway;
        this.storeWork = storeWork;
    }

    <R> Mono<R> send(Object command) {
        return call(() -> gateway.sendAndWait(command));
    }

    /** Runs a process of several commands (an assignment, a transfer...). */
    <R> Mono<R> call(Callable<R> process) {
        return storeWork.run(process)
                .onErrorMap(CommandExecutionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
