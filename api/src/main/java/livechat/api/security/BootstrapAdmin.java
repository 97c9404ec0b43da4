package livechat.api.security;

import livechat.api.http.ProblemException;
import livechat.api.store.ProjectionCatchUp;
import livechat.api.store.StoreOutageLog;
import livechat.command.staff.StaffCommand.ChangeStaffRoles;
import livechat.command.staff.StaffCommand.CreateStaffAccount;
import livechat.command.staff.StaffCommand.EnableStaffAccount;
import livechat.events.Actor;
import livechat.eventstore.kurrent.EventStoreUnavailableException;
import livechat.query.staff.StaffCredentials;
import livechat.query.staff.StaffDirectory;
import livechat.query.staff.StaffDirectoryProjection;
import livechat.query.staff.StaffMember;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The first admin, from {@code LIVECHAT_BOOTSTRAP_ADMIN=name:password}: at start, once the staff directory has
 * caught up with the log, and only if no enabled admin exists, the account {@code name} is created by
 * {@code system:bootstrap} (or, if it exists, enabled and given the admin role) and its password set. With an
 * enabled admin in the directory the setting changes nothing, so it may stay in the environment. The server is
 * ready only once this is done. An event store that cannot be reached does not stop the start: the admin is made in
 * the background once it is back (the server is not ready meanwhile, as the store's health is DOWN).
 */
public final class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final Actor BOOTSTRAP = Actor.system("bootstrap");
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Duration SHOWN = Duration.ofSeconds(10);

    private final String setting;
    private final StaffDirectory directory;
    private final StaffCredentials credentials;
    private final Passwords passwords;
    private final CommandGateway commands;
    /** The readiness waits for the admin, so a store that is back is tried again within this. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final ProjectionCatchUp catchUp;
    private final EventStore eventStore;

    public BootstrapAdmin(String setting, StaffDirectory directory, StaffCredentials credentials, Passwords passwords,
                          CommandGateway commands, ProjectionCatchUp catchUp, EventStore eventStore) {
        this.setting = setting;
        this.directory = directory;
        this.credentials = credentials;
        this.passwords = passwords;
        this.commands = commands;
        this.catchUp = catchUp;
        this.eventStore = eventStore;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        if (setting == null || setting.isBlank()) {
            return;
        }
        int colon = setting.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("LIVECHAT_BOOTSTRAP_ADMIN is name:password");
        }
        String name = setting.substring(0, colon);
        String password = setting.substring(colon + 1);
        try {
            Passwords.requireAcceptable(password);
        } catch (ProblemException tooShortOrLong) {
            throw new IllegalStateException("LIVECHAT_BOOTSTRAP_ADMIN: " + tooShortOrLong.getMessage());
        }
        try {
            bootstrap(name, password);
        } catch (RuntimeException e) {
            if (!StoreOutageLog.isOutage(e)) {
                throw e;
            }
            log.warn("A store cannot be reached; the first admin '{}' is made once it is back", name);
            Thread retry = new Thread(() -> retry(name, password), "bootstrap-admin");
            retry.setDaemon(true);
            retry.start();
        }
    }

    /** Tries again, waiting longer each time up to 5 s, until the store answers. */
    private void retry(String name, String password) {
        Duration wait = Duration.ofSeconds(1);
        while (true) {
            try {
                Thread.sleep(wait.toMillis());
                bootstrap(name, password);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!StoreOutageLog.isOutage(e)) {
                    log.error("The first admin '{}' could not be made", name, e);
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private void bootstrap(String name, String password) throws InterruptedException {
        // Fails fast, within the store's call timeout, when the store is down.
        eventStore.createHeadToken();
        awaitDirectoryCaughtUp();
        if (Boolean.TRUE.equals(directory.hasEnabledAdmin().block())) {
            log.info("An enabled admin exists; LIVECHAT_BOOTSTRAP_ADMIN changes nothing");
            return;
        }
        try {
            commands.sendAndWait(new CreateStaffAccount(name, BOOTSTRAP, Set.of("admin")));
            log.info("Created the first admin account '{}'", name);
        } catch (CommandExecutionException failed) {
            if (failed.getCause() instanceof EventStoreUnavailableException storeDown) {
                throw storeDown;
            }
            if (!(failed.getCause() instanceof AggregateStreamCreationException)) {
                throw failed;
            }
            becomeAdmin(name);
        } catch (AggregateStreamCreationException exists) {
            becomeAdmin(name);
        }
        credentials.store(name, passwords.hash(password).block()).block();
        if (awaitShown(name, member -> !member.disabled() && member.holds("admin")) == null) {
            log.warn("The staff directory does not show the admin '{}' yet; signing in may fail for a moment", name);
        }
    }

    /** The account exists but no enabled admin does: it becomes one, so the server can be managed again. */
    private void becomeAdmin(String name) throws InterruptedException {
        StaffMember member = awaitShown(name, found -> true);
        Set<String> roles = new TreeSet<>(member == null ? Set.of() : member.roles());
        roles.add("admin");
        commands.sendAndWait(new EnableStaffAccount(name, BOOTSTRAP));
        commands.sendAndWait(new ChangeStaffRoles(name, BOOTSTRAP, roles));
        log.warn("No enabled admin existed: the account '{}' was enabled and given the admin role", name);
    }

    private void awaitDirectoryCaughtUp() {
        if (!Boolean.TRUE.equals(catchUp.await(StaffDirectoryProjection.PROCESSING_GROUP, CATCH_UP).block())) {
            log.warn("The staff directory has not caught up after {}; deciding on what it shows", CATCH_UP);
        }
    }

    private StaffMember awaitShown(String name, Predicate<StaffMember> condition) throws InterruptedException {
        long deadline = System.nanoTime() + SHOWN.toNanos();
        while (System.nanoTime() < deadline) {
            StaffMember member = directory.find(name).block();
            if (member != null && condition.test(member)) {
                return member;
            }
            Thread.sleep(25);
        }
        return null;
    }
}
