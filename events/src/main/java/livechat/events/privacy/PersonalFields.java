package livechat.events.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * The {@link PersonalData} components of one record type and how to seal and open them in its JSON form, where the
 * record's other components ({@code visitorId}, {@code conversationId}, {@code messageId}) name the key.
 */
final class PersonalFields {

    private static final ClassValue<PersonalFields> OF = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return new PersonalFields(type, type.getSimpleName());
        }
    };

    /** One personal component; {@code nested} are the personal components of the records it holds, if any. */
    private record Field(String name, KeyScope scope, String purpose, PersonalFields nested) {
    }

    private final List<Field> fields = new ArrayList<>();
    private final boolean startsSubject;

    private PersonalFields(Class<?> type, String path) {
        boolean visitor = false;
        boolean conversation = false;
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                visitor |= component.getName().equals("visitorId");
                conversation |= component.getName().equals("conversationId");
                PersonalData personal = component.getAnnotation(PersonalData.class);
                if (personal != null) {
                    String purpose = path + "." + component.getName();
                    Class<?> element = elementType(component);
                    fields.add(new Field(component.getName(), personal.value(), purpose,
                            element != null && element.isRecord() ? new PersonalFields(element, purpose) : null));
                }
            }
        }
        startsSubject = visitor && conversation;
    }

    static PersonalFields of(Class<?> type) {
        return OF.get(type);
    }

    /** Whether this type is sealed as a whole: it has personal components with a key of their own. */
    boolean sealed() {
        return fields.stream().anyMatch(field -> field.scope() != KeyScope.ENCLOSING);
    }

    void seal(ObjectNode node, DataKeys keys) {
        each(node, keys, field -> {
            String keyId = keyOf(field.scope(), node, keys);
            return (purpose, text) -> keys.seal(keyId, purpose, text);
        });
    }

    /** Opens each personal component; a message's content tells {@code keys} which key it is sealed under. */
    void open(ObjectNode node, DataKeys keys) {
        each(node, keys, field -> {
            if (field.scope() != KeyScope.MESSAGE && field.scope() != KeyScope.SENT_MESSAGE) {
                return (purpose, text) -> keys.open(text, purpose);
            }
            String conversationId = text(node, "conversationId");
            String messageId = text(node, "messageId");
            return (purpose, text) -> keys.openForMessage(conversationId, messageId, text, purpose);
        });
    }

    /**
     * Changes each personal component present in {@code node} as {@code change} says. A record that starts a
     * conversation binds it to its visitor first, so its other content finds the visitor's key; read, it adds the
     * binding a log sealed before bindings were recorded lacks.
     */
    private void each(ObjectNode node, DataKeys keys, Function<Field, BinaryOperator<String>> change) {
        if (startsSubject && node.hasNonNull("conversationId") && node.hasNonNull("visitorId")) {
            keys.bind(node.get("conversationId").asText(), node.get("visitorId").asText());
        }
        for (Field field : fields) {
            JsonNode value = node.get(field.name());
            if (value != null && !value.isNull()) {
                node.set(field.name(), apply(value, field, change.apply(field)));
            }
        }
    }

    private static JsonNode apply(JsonNode value, Field field, BinaryOperator<String> change) {
        if (value.isTextual()) {
            return TextNode.valueOf(change.apply(field.purpose(), value.asText()));
        }
        if (field.nested() != null && (value.isArray() || value.isObject())) {
            for (JsonNode element : value.isArray() ? (ArrayNode) value : List.of(value)) {
                if (element instanceof ObjectNode object) {
                    for (Field inner : field.nested().fields) {
                        JsonNode innerValue = object.get(inner.name());
                        if (innerValue != null && !innerValue.isNull()) {
                            object.set(inner.name(), apply(innerValue, inner, change));
                        }
                    }
                }
            }
        }
        return value;
    }

    private static String keyOf(KeyScope scope, ObjectNode node, DataKeys keys) {
        String conversationId = text(node, "conversationId");
        return switch (scope) {
            case MESSAGE -> keys.messageKey(conversationId, text(node, "messageId"));
            case SENT_MESSAGE -> keys.sentMessageKey(conversationId, text(node, "messageId"));
            case SUBJECT, ENCLOSING -> node.hasNonNull("visitorId") ? keys.subjectKey(text(node, "visitorId"))
                    : keys.conversationKey(conversationId);
        };
    }

    private static String text(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a record with personal data names its " + name);
        }
        return value.asText();
    }

    /** The element type of a {@code List<E>} component, the type itself for a record, else null. */
    private static Class<?> elementType(RecordComponent component) {
        if (component.getType().isRecord()) {
            return component.getType();
        }
        if (component.getGenericType() instanceof ParameterizedType generic
                && generic.getActualTypeArguments().length == 1
                && generic.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }
}
