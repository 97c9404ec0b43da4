package livechat.api.http;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Sends commands; each names its actor, which {@code ActorMetaData} copies onto its events. The answer arrives once
 * the command's events are committed to the event store; handling runs off the web threads because the store is
 * written synchronously.
 */
@Component
class Commands {

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    <R> Mono<R> send(Object command) {
        return unwrapped(Mono.<R>fromFuture(() -> gateway.send(command)));
    }

    /** Runs a process of several commands (an assignment, a transfer...) off the web threads. */
    <R> Mono<R> call(Callable<R> process) {
        return unwrapped(Mono.fromCallable(process));
    }

    private static <R> Mono<R> unwrapped(Mono<R> commands) {
        return commands.subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .onErrorMap(CommandExecutionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
