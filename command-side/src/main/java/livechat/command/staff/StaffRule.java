package livechat.command.staff;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules a staff account enforces, each with the name a refusal carries. */
public enum StaffRule implements Rule {
    ADMINS_MANAGE_STAFF(Kind.FORBIDDEN, "admins-manage-staff"),
    STAFF_USERNAME_FORMAT(Kind.INVALID, "staff-username-format"),
    STAFF_ROLES(Kind.INVALID, "staff-roles"),
    ADMIN_KEEPS_OWN_ACCESS(Kind.CONFLICT, "admin-keeps-own-access");

    private final Definition definition;

    StaffRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
