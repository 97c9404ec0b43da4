package livechat.api.http;

import livechat.api.security.Identity;
import livechat.api.security.IdentityAuthentication;
import livechat.api.security.PrincipalMetaData;
import livechat.api.store.StoreWork;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Sends commands; each names its actor, which {@code ActorMetaData} copies onto its events, and the request's
 * verified principal (its token's subject and issuer) goes along through {@link PrincipalMetaData}. The answer
 * arrives once the command's events are committed to the event store; handling runs on {@link StoreWork}'s threads
 * because the store is written synchronously.
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

    /** Blocking work that is no command (a key's destruction), on the same threads, answered when it is done. */
    <R> Mono<R> storeWork(Callable<R> work) {
        return storeWork.run(work);
    }

    /** Runs a process of several commands (an assignment, a transfer...). */
    <R> Mono<R> call(Callable<R> process) {
        return principal().flatMap(identity -> storeWork.run(() -> PrincipalMetaData.during(identity.orElse(null),
                        process)))
                .onErrorMap(CommandExecutionException.class, e -> e.getCause() == null ? e : e.getCause());
    }

    private static Mono<Optional<Identity>> principal() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() instanceof IdentityAuthentication authentication
                        ? authentication.getPrincipal() : null)
                .map(Optional::of).defaultIfEmpty(Optional.empty());
    }
}
