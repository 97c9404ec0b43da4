package livechat.query.staff;

import java.util.List;

/** A staff account as the directory shows it: {@code roles} are wire names, sorted. */
public record StaffMember(String username, List<String> roles, boolean disabled) {

    public boolean holds(String role) {
        return roles.contains(role);
    }
}
