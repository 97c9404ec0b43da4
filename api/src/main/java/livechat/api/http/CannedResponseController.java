package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.command.canned.CannedResponseCommand.RemoveCannedResponse;
import livechat.command.canned.CannedResponseCommand.SaveCannedResponse;
import livechat.command.canned.CannedResponseRule;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.canned.CannedResponseLibrary;
import livechat.query.canned.CannedResponseView;
import livechat.query.canned.FindCannedResponses;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The shared library of canned responses: supervisors manage it, agents read it and send from it. */
@RestController
@RequestMapping("/api/canned-responses")
@Tag(name = "canned-responses")
class CannedResponseController {

    record SaveRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 200) String title,
                       @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 4000) String text) {
    }

    private final Commands commands;
    private final CannedResponseLibrary library;

    CannedResponseController(Commands commands, CannedResponseLibrary library) {
        this.commands = commands;
        this.library = library;
    }

    @PutMapping("/{key}")
    @Operation(operationId = "saveCannedResponse", summary = "Save a canned response under its key (supervisors)")
    @Refuses(value = ApiRule.ALREADY_EXISTS, canned = {CannedResponseRule.SUPERVISORS_MANAGE,
            CannedResponseRule.KEY_FORMAT, CannedResponseRule.CONTENT}, writes = true)
    Mono<CannedResponseView> save(Actor actor, @PathVariable String key, @RequestBody SaveRequest request) {
        return commands.send(new SaveCannedResponse(key, actor, request.title(), request.text()))
                .thenReturn(new CannedResponseView(key, request.title(), request.text()));
    }

    @DeleteMapping("/{key}")
    @Operation(operationId = "removeCannedResponse", summary = "Remove a canned response (supervisors)")
    @Refuses(canned = {CannedResponseRule.SUPERVISORS_MANAGE, CannedResponseRule.KEY_FORMAT,
            CannedResponseRule.EXISTS}, writes = true)
    Mono<CannedResponseView> remove(Actor actor, @PathVariable String key) {
        return commands.send(new RemoveCannedResponse(key, actor))
                .onErrorMap(AggregateNotFoundException.class, e -> CannedResponseRule.EXISTS.broken(
                        "There is no canned response '" + key + "'."))
                .thenReturn(new CannedResponseView(key, null, null));
    }

    @GetMapping
    @Operation(operationId = "listCannedResponses", summary = "Read the canned-response library (staff)")
    @Refuses(ApiRule.STAFF_ONLY)
    Flux<CannedResponseView> library(Actor actor) {
        if (actor.is(Role.VISITOR)) {
            return Flux.error(new ProblemException(ApiRule.STAFF_ONLY,
                    "The canned-response library is for staff."));
        }
        return library.handle(new FindCannedResponses());
    }
}
