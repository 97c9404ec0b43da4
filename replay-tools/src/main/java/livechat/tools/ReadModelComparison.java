package livechat.tools;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a live collection with the same collection recomputed from the log, document by document (by
 * {@code _id}) and field by field. No field is ignored: every value a projection writes derives from the events.
 */
final class ReadModelComparison {

    private final List<String> differences = new ArrayList<>();

    List<String> differences() {
        return differences;
    }

    void compare(String name, MongoCollection<Document> live, MongoCollection<Document> replayed) {
        Map<Object, Document> liveDocuments = new LinkedHashMap<>();
        live.find().forEach(document -> liveDocuments.put(document.get("_id"), document));
        for (Document expected : replayed.find()) {
            Document actual = liveDocuments.remove(expected.get("_id"));
            if (actual == null) {
                differences.add(name + " " + expected.get("_id") + ": missing from the live read model");
            } else if (!actual.equals(expected)) {
                differences.add(name + " " + expected.get("_id") + ": " + fieldsThatDiffer(actual, expected));
            }
        }
        liveDocuments.keySet().forEach(id -> differences.add(name + " " + id
                + ": in the live read model, but the event log does not produce it"));
    }

    private static String fieldsThatDiffer(Document actual, Document expected) {
        Set<String> fields = new LinkedHashSet<>(expected.keySet());
        fields.addAll(actual.keySet());
        List<String> differing = new ArrayList<>();
        for (String field : fields) {
            Object live = actual.get(field);
            Object replayed = expected.get(field);
            if (live == null ? replayed != null : !live.equals(replayed)) {
                differing.add(field + " is " + json(live) + ", the log gives " + json(replayed));
            }
        }
        return String.join("; ", differing);
    }

    private static String json(Object value) {
        String text = value instanceof Document document ? document.toJson() : value instanceof String string
                ? "\"" + string + "\"" : String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
