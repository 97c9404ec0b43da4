package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.command.agent.AgentCommand.ChangeAgentCapacity;
import livechat.command.agent.AgentCommand.ChangeAgentSkills;
import livechat.command.agent.AgentCommand.RegisterAgent;
import livechat.command.agent.AgentCommand.SetAgentStatus;
import livechat.command.agent.AgentRule;
import livechat.events.Actor;
import livechat.events.AgentStatus;
import livechat.events.Role;
import livechat.query.agents.AgentDirectory;
import livechat.query.agents.AgentProfile;
import livechat.query.agents.FindAgentProfile;
import livechat.query.agents.FindAgentProfiles;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static livechat.command.agent.AgentRule.AGENT_CAPACITY_RANGE;
import static livechat.command.agent.AgentRule.AGENT_NAME_LENGTH;
import static livechat.command.agent.AgentRule.AGENT_STATUS;
import static livechat.command.agent.AgentRule.SKILL_FORMAT;
import static livechat.command.agent.AgentRule.STATUS_BY_AGENT_OR_SUPERVISOR;
import static livechat.command.agent.AgentRule.SUPERVISORS_MANAGE_AGENTS;

/** Agents: supervisors register and shape them; agents set their own status. */
@RestController
@RequestMapping("/api/agents")
@Tag(name = "agents")
class AgentController {

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    record RegisterRequest(
            @Schema(requiredMode = REQUIRED, pattern = "^[A-Za-z0-9._@-]{1,128}$",
                    description = "The username of the staff account that signs in as this agent") String agentId,
            @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 100) String name,
            @ArraySchema(uniqueItems = true, schema = @Schema(pattern = ConversationController.SKILL))
            Set<String> skills,
            @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "50",
                    description = "How many conversations the agent holds at once") Integer capacity) {
    }

    record StatusRequest(@Schema(requiredMode = REQUIRED, allowableValues = {"ONLINE", "AWAY", "OFFLINE"})
                         String status) {
    }

    record CapacityRequest(@Schema(requiredMode = REQUIRED, minimum = "1", maximum = "50") Integer capacity) {
    }

    record SkillsRequest(@ArraySchema(uniqueItems = true, schema = @Schema(pattern = ConversationController.SKILL),
            arraySchema = @Schema(requiredMode = REQUIRED)) Set<String> skills) {
    }

    record AgentChanged(@Schema(requiredMode = REQUIRED) String agentId,
                        @Schema(requiredMode = REQUIRED) String change) {
    }

    private final Commands commands;
    private final AgentDirectory directory;

    AgentController(Commands commands, AgentDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @PostMapping
    @Operation(operationId = "registerAgent", summary = "Register an agent (supervisors); it starts OFFLINE")
    @ApiResponse(responseCode = "201", description = "Registered", headers = @Header(name = "Location",
            description = "The agent's profile", schema = @Schema(type = "string")))
    @Refuses(value = {ApiRule.AGENT_ID_FORMAT, ApiRule.AGENT_ALREADY_REGISTERED}, agent = {SUPERVISORS_MANAGE_AGENTS,
            AGENT_NAME_LENGTH, AGENT_CAPACITY_RANGE, SKILL_FORMAT}, writes = true)
    Mono<ResponseEntity<AgentChanged>> register(Actor actor, @RequestBody RegisterRequest request) {
        if (request.agentId() == null || !AGENT_ID.matcher(request.agentId()).matches()) {
            return Mono.error(new ProblemException(ApiRule.AGENT_ID_FORMAT,
                    "An agent id is 1 to 128 letters, digits, '.', '_', '@' or '-'."));
        }
        if (request.capacity() == null) {
            return Mono.error(ConversationController.missing("capacity"));
        }
        return commands.send(new RegisterAgent(request.agentId(), actor, request.name(), request.skills(),
                        request.capacity()))
                .onErrorMap(AggregateStreamCreationException.class, e -> ApiRule.AGENT_ALREADY_REGISTERED.refused(
                        "Agent " + request.agentId() + " is already registered."))
                .thenReturn(ResponseEntity.created(URI.create("/api/agents/" + request.agentId()))
                        .body(new AgentChanged(request.agentId(), "registered")));
    }

    @PutMapping("/{agentId}/status")
    @Operation(operationId = "setAgentStatus", summary = "Set an agent's status (the agent, supervisors)")
    @Refuses(value = ApiRule.AGENT_NOT_FOUND, agent = {STATUS_BY_AGENT_OR_SUPERVISOR, AGENT_STATUS}, writes = true)
    Mono<AgentChanged> status(Actor actor, @PathVariable String agentId, @RequestBody StatusRequest request) {
        AgentStatus status;
        try {
            status = AgentStatus.valueOf(String.valueOf(request.status()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Mono.error(AgentRule.AGENT_STATUS.broken("A status is one of ONLINE, AWAY, OFFLINE."));
        }
        return changed(agentId, "status", commands.send(new SetAgentStatus(agentId, actor, status)));
    }

    @PutMapping("/{agentId}/capacity")
    @Operation(operationId = "setAgentCapacity", summary = "Set an agent's capacity (supervisors)")
    @Refuses(value = ApiRule.AGENT_NOT_FOUND, agent = {SUPERVISORS_MANAGE_AGENTS, AGENT_CAPACITY_RANGE}, writes = true)
    Mono<AgentChanged> capacity(Actor actor, @PathVariable String agentId, @RequestBody CapacityRequest request) {
        if (request.capacity() == null) {
            return Mono.error(ConversationController.missing("capacity"));
        }
        return changed(agentId, "capacity",
                commands.send(new ChangeAgentCapacity(agentId, actor, request.capacity())));
    }

    @PutMapping("/{agentId}/skills")
    @Operation(operationId = "setAgentSkills", summary = "Set an agent's skills (supervisors)")
    @Refuses(value = ApiRule.AGENT_NOT_FOUND, agent = {SUPERVISORS_MANAGE_AGENTS, SKILL_FORMAT}, writes = true)
    Mono<AgentChanged> skills(Actor actor, @PathVariable String agentId, @RequestBody SkillsRequest request) {
        if (request.skills() == null) {
            return Mono.error(ConversationController.missing("skills"));
        }
        return changed(agentId, "skills", commands.send(new ChangeAgentSkills(agentId, actor, request.skills())));
    }

    @GetMapping("/{agentId}")
    @Operation(operationId = "getAgent", summary = "Read an agent's profile (staff)")
    @Refuses({ApiRule.STAFF_ONLY, ApiRule.AGENT_NOT_FOUND})
    Mono<AgentProfile> profile(Actor actor, @PathVariable String agentId) {
        requireStaff(actor);
        return directory.handle(new FindAgentProfile(agentId))
                .switchIfEmpty(Mono.error(() -> notFound(agentId)));
    }

    @GetMapping
    @Operation(operationId = "listAgents", summary = "List agents, of one status or all (staff)")
    @Refuses(ApiRule.STAFF_ONLY)
    Flux<AgentProfile> profiles(Actor actor, @Parameter(schema = @Schema(allowableValues = {"ONLINE", "AWAY",
            "OFFLINE"})) @RequestParam(required = false) String status) {
        requireStaff(actor);
        return directory.handle(new FindAgentProfiles(status == null ? null : status.toUpperCase(Locale.ROOT)));
    }

    private static void requireStaff(Actor actor) {
        if (actor.is(Role.VISITOR)) {
            throw new ProblemException(ApiRule.STAFF_ONLY, "Agent profiles are for staff.");
        }
    }

    private static Mono<AgentChanged> changed(String agentId, String change, Mono<?> outcome) {
        return outcome.thenReturn(true)
                .onErrorMap(AggregateNotFoundException.class, e -> notFound(agentId))
                .thenReturn(new AgentChanged(agentId, change));
    }

    private static ProblemException notFound(String agentId) {
        return new ProblemException(ApiRule.AGENT_NOT_FOUND, "There is no agent " + agentId + ".");
    }
}
