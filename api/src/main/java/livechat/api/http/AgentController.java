package livechat.api.http;

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

/** Agents: supervisors register and shape them; agents set their own status. */
@RestController
@RequestMapping("/api/agents")
class AgentController {

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    record RegisterRequest(String agentId, String name, Set<String> skills, Integer capacity) {
    }

    record StatusRequest(String status) {
    }

    record CapacityRequest(Integer capacity) {
    }

    record SkillsRequest(Set<String> skills) {
    }

    record AgentChanged(String agentId, String change) {
    }

    private final Commands commands;
    private final AgentDirectory directory;

    AgentController(Commands commands, AgentDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @PostMapping
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
    Mono<AgentChanged> capacity(Actor actor, @PathVariable String agentId, @RequestBody CapacityRequest request) {
        if (request.capacity() == null) {
            return Mono.error(ConversationController.missing("capacity"));
        }
        return changed(agentId, "capacity",
                commands.send(new ChangeAgentCapacity(agentId, actor, request.capacity())));
    }

    @PutMapping("/{agentId}/skills")
    Mono<AgentChanged> skills(Actor actor, @PathVariable String agentId, @RequestBody SkillsRequest request) {
        if (request.skills() == null) {
            return Mono.error(ConversationController.missing("skills"));
        }
        return changed(agentId, "skills", commands.send(new ChangeAgentSkills(agentId, actor, request.skills())));
    }

    @GetMapping("/{agentId}")
    Mono<AgentProfile> profile(Actor actor, @PathVariable String agentId) {
        requireStaff(actor);
        return directory.handle(new FindAgentProfile(agentId))
                .switchIfEmpty(Mono.error(() -> notFound(agentId)));
    }

    @GetMapping
    Flux<AgentProfile> profiles(Actor actor, @RequestParam(required = false) String status) {
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
