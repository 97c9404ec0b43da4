package livechat.query.projection;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The updates a batch makes to one document, merged into one statement where applying them in one go gives what
 * applying them one after another would: a conversation document takes one update per message, and the embedded
 * MongoDB pays for every statement. Two updates merge when they touch different fields, or the same field with the
 * same operator whose results combine: {@code $set} and {@code $unset} (the later wins), {@code $inc} (the sum),
 * {@code $max} and {@code $min}, {@code $addToSet} and {@code $push} without modifiers other than {@code $each} (the
 * later values after the earlier). Anything else stays a statement of its own.
 */
final class MergedUpdate {

    private static final Set<String> LATER_WINS = Set.of("$set", "$unset");
    private static final Set<String> APPENDS = Set.of("$addToSet", "$push");
    private static final String EACH = "$each";

    private final BsonDocument update;

    MergedUpdate(BsonDocument update) {
        this.update = update.clone();
    }

    BsonDocument update() {
        return update;
    }

    /** Merges {@code next}, applied after what this holds, and answers true; or answers false and changes nothing. */
    boolean absorb(BsonDocument next) {
        for (Map.Entry<String, BsonValue> operator : next.entrySet()) {
            for (Map.Entry<String, BsonValue> field : operator.getValue().asDocument().entrySet()) {
                if (!fits(operator.getKey(), field.getKey(), field.getValue())) {
                    return false;
                }
            }
        }
        next.forEach((operator, fields) -> {
            BsonDocument merged = update.containsKey(operator) ? update.getDocument(operator) : new BsonDocument();
            update.put(operator, merged);
            fields.asDocument().forEach((field, value) -> merged.put(field,
                    merged.containsKey(field) ? combine(operator, merged.get(field), value) : value));
        });
        return true;
    }

    private boolean fits(String operator, String field, BsonValue value) {
        for (Map.Entry<String, BsonValue> held : update.entrySet()) {
            for (Map.Entry<String, BsonValue> heldField : held.getValue().asDocument().entrySet()) {
                String other = heldField.getKey();
                boolean overlaps = other.equals(field) || other.startsWith(field + ".")
                        || field.startsWith(other + ".");
                if (overlaps && !(held.getKey().equals(operator) && other.equals(field)
                        && combinable(operator, heldField.getValue(), value))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean combinable(String operator, BsonValue earlier, BsonValue later) {
        if (LATER_WINS.contains(operator)) {
            return true;
        }
        if (APPENDS.contains(operator)) {
            return onlyEach(earlier) && onlyEach(later);
        }
        boolean sameType = earlier.getBsonType() == later.getBsonType();
        return switch (operator) {
            case "$inc" -> sameType && (earlier.isInt32() || earlier.isInt64() || earlier.isDouble());
            case "$max", "$min" -> sameType && (earlier.isNumber() || earlier.isDateTime());
            default -> false;
        };
    }

    private static BsonValue combine(String operator, BsonValue earlier, BsonValue later) {
        return switch (operator) {
            case "$inc" -> sum(earlier, later);
            case "$max" -> compare(earlier, later) >= 0 ? earlier : later;
            case "$min" -> compare(earlier, later) <= 0 ? earlier : later;
            case "$addToSet", "$push" -> {
                BsonArray values = new BsonArray();
                values.addAll(each(earlier));
                values.addAll(each(later));
                yield new BsonDocument(EACH, values);
            }
            default -> later;
        };
    }

    private static BsonValue sum(BsonValue earlier, BsonValue later) {
        if (earlier.isInt32()) {
            return new BsonInt32(earlier.asInt32().getValue() + later.asInt32().getValue());
        }
        if (earlier.isInt64()) {
            return new BsonInt64(earlier.asInt64().getValue() + later.asInt64().getValue());
        }
        return new BsonDouble(earlier.asDouble().getValue() + later.asDouble().getValue());
    }

    private static int compare(BsonValue a, BsonValue b) {
        if (a.isDateTime()) {
            return Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
        }
        return a.isInt32() || a.isInt64() ? Long.compare(a.asNumber().longValue(), b.asNumber().longValue())
                : Double.compare(a.asNumber().doubleValue(), b.asNumber().doubleValue());
    }

    private static boolean onlyEach(BsonValue value) {
        return !value.isDocument() || !value.asDocument().containsKey(EACH) || value.asDocument().size() == 1;
    }

    private static List<BsonValue> each(BsonValue value) {
        return value.isDocument() && value.asDocument().containsKey(EACH) ? value.asDocument().getArray(EACH)
                : List.of(value);
    }
}
