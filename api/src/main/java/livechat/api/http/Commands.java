package livechat.api.http;

import livechat.events.Actor;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.CompletionException;

import static livechat.api.store.EventStoreConfiguration.ACTOR;

/**
 * Sends commands on behalf of an actor. The answer arrives once the command's events are committed to the event
 * store; handling runs off the web threads because the store is written synchronously.
 */
@Component
class Commands {

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    <R> Mono<R> send(Object command, Actor actor) {
        return Mono.<R>fromFuture(() -> gateway.send(command, MetaData.with(ACTOR, actor.toString())))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .onErrorMap(CommandExecutionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
