package livechat.command.staff;

import livechat.command.RuleViolation;
import livechat.command.RuleViolation.Kind;

/** The rules a staff account enforces, each with the name a refusal carries. */
public enum StaffRule {
    ADMINS_MANAGE_STAFF(Kind.FORBIDDEN, "admins-manage-staff"),
    STAFF_USERNAME_FORMAT(Kind.INVALID, "staff-username-format"),
    STAFF_ROLES(Kind.INVALID, "staff-roles"),
    ADMIN_KEEPS_OWN_ACCESS(Kind.CONFLICT, "admin-keeps-own-access");

    private final Kind kind;
    private final String ruleName;

    StaffRule(Kind kind, String ruleName) {
        this.kind = kind;
        this.ruleName = ruleName;
    }

    public String ruleName() {
        return ruleName;
    }

    public RuleViolation broken(String message) {
        return new RuleViolation(kind, ruleName, message);
    }
}
