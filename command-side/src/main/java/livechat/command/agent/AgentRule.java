package livechat.command.agent;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules an agent enforces, each with the name a refusal carries. */
public enum AgentRule implements Rule {
    SUPERVISORS_MANAGE_AGENTS(Kind.FORBIDDEN, "supervisors-manage-agents"),
    STATUS_BY_AGENT_OR_SUPERVISOR(Kind.FORBIDDEN, "status-by-agent-or-supervisor"),
    AGENT_NAME_LENGTH(Kind.INVALID, "agent-name-length"),
    AGENT_STATUS(Kind.INVALID, "agent-status"),
    AGENT_CAPACITY_RANGE(Kind.INVALID, "agent-capacity-range"),
    SKILL_FORMAT(Kind.INVALID, "skill-format"),
    AGENT_REGISTERED(Kind.CONFLICT, "agent-registered"),
    AGENT_ONLINE(Kind.CONFLICT, "agent-online"),
    AGENT_HAS_SKILL(Kind.CONFLICT, "agent-has-skill"),
    AGENT_CAPACITY(Kind.CONFLICT, "agent-capacity"),
    AGENT_ALREADY_HOLDS(Kind.CONFLICT, "agent-already-holds-conversation");

    private final Definition definition;

    AgentRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
