package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.Identity;
import livechat.api.security.Passwords;
import livechat.command.staff.StaffCommand.ChangeStaffRoles;
import livechat.command.staff.StaffCommand.CreateStaffAccount;
import livechat.command.staff.StaffCommand.DisableStaffAccount;
import livechat.command.staff.StaffCommand.EnableStaffAccount;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.staff.StaffCredentials;
import livechat.query.staff.StaffDirectory;
import livechat.query.staff.StaffMember;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static livechat.command.staff.StaffRule.ADMINS_MANAGE_STAFF;
import static livechat.command.staff.StaffRule.ADMIN_KEEPS_OWN_ACCESS;
import static livechat.command.staff.StaffRule.STAFF_ROLES;
import static livechat.command.staff.StaffRule.STAFF_USERNAME_FORMAT;

/**
 * Staff accounts, managed by admins: create one (with its first password), change its roles, disable and enable it,
 * set its password. Account changes are events; the password's hash goes straight to the credentials store and
 * nowhere else. Each answer waits (briefly) until the staff directory shows the change, so signing in right after
 * works.
 */
@RestController
@RequestMapping("/api/staff")
@Tag(name = "staff")
class StaffController {

    private static final Duration DIRECTORY_POLL = Duration.ofMillis(25);
    private static final int DIRECTORY_POLLS = 200;

    record CreateRequest(
            @Schema(requiredMode = REQUIRED, pattern = "^[A-Za-z0-9._@-]{1,128}$") String username,
            @Schema(requiredMode = REQUIRED, minLength = 10, maxLength = 64, format = "password") String password,
            @ArraySchema(minItems = 1, uniqueItems = true, arraySchema = @Schema(requiredMode = REQUIRED),
                    schema = @Schema(allowableValues = {"agent", "supervisor", "auditor", "admin", "ops"}))
            Set<String> roles) {
    }

    record RolesRequest(
            @ArraySchema(minItems = 1, uniqueItems = true, arraySchema = @Schema(requiredMode = REQUIRED),
                    schema = @Schema(allowableValues = {"agent", "supervisor", "auditor", "admin", "ops"}))
            Set<String> roles) {
    }

    /** {@code currentPassword} is required when staff set their own password, not when an admin sets one. */
    record PasswordRequest(
            @Schema(requiredMode = REQUIRED, minLength = 10, maxLength = 64, format = "password") String password,
            @Schema(format = "password", description = "Required when staff set their own password")
            String currentPassword) {
    }

    record PasswordChanged(@Schema(requiredMode = REQUIRED) String username,
                           @Schema(requiredMode = REQUIRED) String change) {
    }

    private final Commands commands;
    private final StaffDirectory directory;
    private final StaffCredentials credentials;
    private final Passwords passwords;

    StaffController(Commands commands, StaffDirectory directory, StaffCredentials credentials, Passwords passwords) {
        this.commands = commands;
        this.directory = directory;
        this.credentials = credentials;
        this.passwords = passwords;
    }

    @PostMapping
    @Operation(operationId = "createStaffAccount", summary = "Create a staff account with its first password")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location",
            description = "The account", schema = @Schema(type = "string")))
    @Refuses(value = {ApiRule.PASSWORD_LENGTH, ApiRule.STAFF_ACCOUNT_EXISTS, ApiRule.READ_MODEL_CATCHING_UP},
            staff = {ADMINS_MANAGE_STAFF, STAFF_USERNAME_FORMAT, STAFF_ROLES}, writes = true)
    Mono<ResponseEntity<StaffMember>> create(Identity identity, @RequestBody CreateRequest request) {
        Actor admin = identity.actingAs(Role.ADMIN);
        Passwords.requireAcceptable(request.password());
        Set<String> roles = request.roles() == null ? Set.of() : request.roles();
        return commands.send(new CreateStaffAccount(request.username(), admin, roles))
                .onErrorMap(AggregateStreamCreationException.class, e -> ApiRule.STAFF_ACCOUNT_EXISTS.refused(
                        "There is already a staff account " + request.username() + "."))
                .then(passwords.hash(request.password()))
                .flatMap(hash -> credentials.store(request.username(), hash))
                .then(shown(request.username(), member -> true))
                .map(member -> ResponseEntity.created(URI.create("/api/staff/" + request.username())).body(member));
    }

    @GetMapping
    @Operation(operationId = "listStaffAccounts", summary = "List the staff accounts")
    @Refuses
    Flux<StaffMember> all(Identity identity) {
        identity.actingAs(Role.ADMIN);
        return directory.all();
    }

    @GetMapping("/{username}")
    @Operation(operationId = "getStaffAccount", summary = "Read a staff account")
    @Refuses(ApiRule.STAFF_ACCOUNT_NOT_FOUND)
    Mono<StaffMember> one(Identity identity, @PathVariable String username) {
        identity.actingAs(Role.ADMIN);
        return directory.find(username).switchIfEmpty(Mono.error(() -> notFound(username)));
    }

    @PutMapping("/{username}/roles")
    @Operation(operationId = "setStaffRoles", summary = "Set a staff account's roles")
    @Refuses(value = {ApiRule.STAFF_ACCOUNT_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            staff = {ADMINS_MANAGE_STAFF, STAFF_ROLES, ADMIN_KEEPS_OWN_ACCESS}, writes = true)
    Mono<StaffMember> roles(Identity identity, @PathVariable String username, @RequestBody RolesRequest request) {
        Actor admin = identity.actingAs(Role.ADMIN);
        Set<String> roles = request.roles() == null ? Set.of() : request.roles();
        return changed(username, commands.send(new ChangeStaffRoles(username, admin, roles)),
                member -> new TreeSet<>(member.roles()).equals(normalized(roles)));
    }

    @PostMapping("/{username}/disable")
    @Operation(operationId = "disableStaffAccount", summary = "Disable a staff account: no sign-in, its tokens refused")
    @Refuses(value = {ApiRule.STAFF_ACCOUNT_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            staff = {ADMINS_MANAGE_STAFF, ADMIN_KEEPS_OWN_ACCESS}, writes = true)
    Mono<StaffMember> disable(Identity identity, @PathVariable String username) {
        return changed(username, commands.send(new DisableStaffAccount(username, identity.actingAs(Role.ADMIN))),
                StaffMember::disabled);
    }

    @PostMapping("/{username}/enable")
    @Operation(operationId = "enableStaffAccount", summary = "Enable a disabled staff account")
    @Refuses(value = {ApiRule.STAFF_ACCOUNT_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP}, staff = ADMINS_MANAGE_STAFF,
            writes = true)
    Mono<StaffMember> enable(Identity identity, @PathVariable String username) {
        return changed(username, commands.send(new EnableStaffAccount(username, identity.actingAs(Role.ADMIN))),
                member -> !member.disabled());
    }

    /** An admin sets anyone's password; staff set their own, with their current one. */
    @PutMapping("/{username}/password")
    @Operation(operationId = "setStaffPassword", summary = "Set a password: an admin anyone's, staff their own")
    @Refuses({ApiRule.PASSWORD_LENGTH, ApiRule.CURRENT_PASSWORD, ApiRule.STAFF_ACCOUNT_NOT_FOUND})
    Mono<PasswordChanged> password(Identity identity, @PathVariable String username,
                                   @RequestBody PasswordRequest request) {
        boolean admin = identity.holds(Role.ADMIN);
        boolean self = !identity.isVisitor() && identity.id().equals(username);
        if (!admin && !self) {
            return Mono.error(new ProblemException(ApiRule.FORBIDDEN,
                    "Staff set their own password; admins set anyone's."));
        }
        Passwords.requireAcceptable(request.password());
        Mono<Void> proven = admin ? Mono.empty() : credentials.hashOf(username).defaultIfEmpty("")
                .flatMap(hash -> passwords.matches(request.currentPassword(), hash.isEmpty() ? null : hash))
                .flatMap(matched -> matched ? Mono.<Void>empty()
                        : Mono.error(ApiRule.CURRENT_PASSWORD.refused("The current password is wrong.")));
        return proven
                .then(directory.find(username).switchIfEmpty(Mono.error(() -> notFound(username))))
                .then(passwords.hash(request.password()))
                .flatMap(hash -> credentials.store(username, hash))
                .thenReturn(new PasswordChanged(username, "password-set"));
    }

    private Mono<StaffMember> changed(String username, Mono<?> command, Predicate<StaffMember> shows) {
        return command.onErrorMap(AggregateNotFoundException.class, e -> notFound(username))
                .then(shown(username, shows));
    }

    /** The account once the directory shows {@code condition}; after 5 s, as the directory shows it then. */
    private Mono<StaffMember> shown(String username, Predicate<StaffMember> condition) {
        Mono<StaffMember> member = directory.find(username);
        return member.filter(condition)
                .repeatWhenEmpty(DIRECTORY_POLLS, attempts -> attempts.delayElements(DIRECTORY_POLL))
                .onErrorResume(IllegalStateException.class, slow -> member)
                .switchIfEmpty(Mono.error(() -> ApiRule.READ_MODEL_CATCHING_UP.refused(
                        "The change is stored; the staff directory is still catching up.")));
    }

    private static Set<String> normalized(Set<String> roles) {
        Set<String> sorted = new TreeSet<>();
        roles.forEach(role -> sorted.add(role == null ? "" : role.strip().toLowerCase(java.util.Locale.ROOT)));
        return sorted;
    }

    private static ProblemException notFound(String username) {
        return new ProblemException(ApiRule.STAFF_ACCOUNT_NOT_FOUND,
                "There is no staff account " + username + ".");
    }
}
