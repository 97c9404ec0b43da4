package livechat.events.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;

/**
 * Seals every {@link PersonalData} component as a record is written and opens it as it is read, so the JSON holds
 * ciphertext while the records themselves keep their plain text: aggregates, projections and everything else that
 * handles events never see a sealed value.
 */
public final class PersonalDataModule extends SimpleModule {

    public PersonalDataModule(DataKeys keys) {
        super("livechat-personal-data");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                PersonalFields fields = PersonalFields.of(description.getBeanClass());
                return fields.sealed() ? new Sealing((JsonSerializer<Object>) serializer, fields, keys) : serializer;
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                PersonalFields fields = PersonalFields.of(description.getBeanClass());
                return fields.sealed() ? new Opening(deserializer, fields, keys) : deserializer;
            }
        });
    }

    /** Writes the record through its own serializer into a tree, seals the tree, and writes that. */
    private static final class Sealing extends StdSerializer<Object> implements ResolvableSerializer,
            ContextualSerializer {

        private final JsonSerializer<Object> delegate;
        private final PersonalFields fields;
        private final DataKeys keys;

        Sealing(JsonSerializer<Object> delegate, PersonalFields fields, DataKeys keys) {
            super(Object.class);
            this.delegate = delegate;
            this.fields = fields;
            this.keys = keys;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            return delegate instanceof ContextualSerializer contextual ? new Sealing(
                    (JsonSerializer<Object>) contextual.createContextual(provider, property), fields, keys) : this;
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            TokenBuffer buffer = provider.bufferForValueConversion(generator.getCodec());
            delegate.serialize(value, buffer, provider);
            JsonNode tree;
            try (JsonParser parser = buffer.asParser(generator.getCodec())) {
                tree = parser.readValueAsTree();
            }
            fields.seal((ObjectNode) tree, keys);
            provider.defaultSerializeValue(tree, generator);
        }
    }

    /** Reads the record's tree, opens it, and hands it to the record's own deserializer. */
    private static final class Opening extends DelegatingDeserializer {

        private final PersonalFields fields;
        private final DataKeys keys;

        Opening(JsonDeserializer<?> delegate, PersonalFields fields, DataKeys keys) {
            super(delegate);
            this.fields = fields;
            this.keys = keys;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Opening(delegate, fields, keys);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            if (tree instanceof ObjectNode object) {
                fields.open(object, keys);
            }
            try (JsonParser opened = tree.traverse(parser.getCodec())) {
                opened.nextToken();
                return _delegatee.deserialize(opened, context);
            }
        }
    }
}
