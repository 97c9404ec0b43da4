package livechat.api.http;

import livechat.command.Rule;
import livechat.command.access.AccessRule;
import livechat.command.agent.AgentRule;
import livechat.command.canned.CannedResponseRule;
import livechat.command.conversation.ConversationRule;
import livechat.command.staff.StaffRule;
import livechat.command.subject.SubjectRule;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal's rule names one rule: the edge's names are kebab-case, and none is also a domain rule's. */
class ApiRuleTest {

    @Test
    void theEdgesRulesHaveNamesOfTheirOwn() {
        Set<String> domain = Stream.of(ConversationRule.values(), AgentRule.values(), StaffRule.values(),
                        CannedResponseRule.values(), AccessRule.values(), SubjectRule.values())
                .flatMap(Arrays::stream).map(Rule::ruleName).collect(Collectors.toSet());
        assertThat(ApiRule.values()).extracting(ApiRule::ruleName).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z0-9]+(-[a-z0-9]+)*"))
                .noneMatch(domain::contains);
        assertThat(ApiRule.values()).allMatch(rule -> rule.status().isError());
    }
}
