package livechat.query.projection;

import livechat.events.Actor;
import org.bson.Document;

/**
 * How every read model stores who acted: {@code <field>: {role, id}} beside a plain {@code <field>Id}, so analysts
 * group and join on the id and filter on the role without parsing. The API shows an actor as {@code role:id}, which
 * is also what a document projected before this shape holds in {@code <field>}; {@link #read} takes either.
 */
public final class ActorFields {

    private ActorFields() {
    }

    /**
     * {@code document} with {@code field} and {@code fieldId} set to {@code actor}: an {@link Actor}, its
     * {@code role:id} form (as an event's metadata holds it), or null for nobody. Anything else is kept as given,
     * with no id, so nothing an event recorded is lost.
     */
    public static Document with(Document document, String field, Object actor) {
        Actor known = actor instanceof Actor given ? given : parse(actor);
        if (known == null) {
            return document.append(field, actor == null ? null : actor.toString()).append(field + "Id", null);
        }
        return document.append(field, of(known)).append(field + "Id", known.id());
    }

    /** The stored form of {@code actor}: its role's wire name, then its id (the order an equality filter needs). */
    public static Document of(Actor actor) {
        return new Document("role", actor.role().wireName()).append("id", actor.id());
    }

    /** {@code role:id} of the actor in {@code field}, in either shape; null when there is none. */
    public static String read(Document document, String field) {
        Object stored = document.get(field);
        if (stored instanceof Document actor) {
            return actor.getString("role") + ":" + actor.getString("id");
        }
        return stored == null ? null : stored.toString();
    }

    private static Actor parse(Object roleAndId) {
        if (roleAndId == null) {
            return null;
        }
        try {
            return Actor.parse(roleAndId.toString());
        } catch (IllegalArgumentException notAnActor) {
            return null;
        }
    }
}
