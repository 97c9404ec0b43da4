package livechat.command;

import livechat.command.agent.AgentRule;
import livechat.command.canned.CannedResponseRule;
import livechat.command.conversation.ConversationRule;
import livechat.command.staff.StaffRule;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal's rule name is all a client sees of it, so no two rules may share one. The rules are found among the
 * command side's compiled classes, so a rule enum added later is checked without being listed here.
 */
class RuleNamesTest {

    private static List<Class<?>> ruleEnums() throws Exception {
        Path classes = Path.of(Rule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(file -> classes.relativize(file).toString())
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> file.replaceAll("\\.class$", "").replace(File.separatorChar, '.'))
                    .toList();
        }
        List<Class<?>> enums = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, RuleNamesTest.class.getClassLoader());
            if (type.isEnum() && Rule.class.isAssignableFrom(type)) {
                enums.add(type);
            }
        }
        return enums;
    }

    @Test
    void everyRuleHasAWireNameOfItsOwn() throws Exception {
        List<Class<?>> enums = ruleEnums();
        assertThat(enums).contains(ConversationRule.class, AgentRule.class, CannedResponseRule.class, StaffRule.class);

        Map<String, List<Rule>> byName = enums.stream()
                .flatMap(type -> Arrays.stream(type.getEnumConstants()).map(Rule.class::cast))
                .collect(Collectors.groupingBy(Rule::ruleName));

        assertThat(byName).allSatisfy((name, rules) -> assertThat(rules).as(name).hasSize(1));
        assertThat(byName.keySet()).allMatch(name -> name.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }
}
