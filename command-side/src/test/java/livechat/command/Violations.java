package livechat.command;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link RuleViolation} by the rule it names, which is what clients rely on. */
public final class Violations {

    private Violations() {
    }

    public static Matcher<RuleViolation> violates(String ruleName) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return violation.ruleName().equals(ruleName);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of rule ").appendValue(ruleName);
            }

            @Override
            protected void describeMismatchSafely(RuleViolation violation, Description mismatch) {
                mismatch.appendText("violated ").appendValue(violation.ruleName()).appendText(": ")
                        .appendText(violation.getMessage());
            }
        };
    }
}
