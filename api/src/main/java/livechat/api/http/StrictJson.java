package livechat.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.util.MimeType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON bodies are read strictly, so that what a client sent is exactly what is stored: the bytes are well-formed
 * UTF-8 (no overlong forms, no encoded surrogates), a key appears once, a text field holds a JSON string (never a
 * number or a boolean turned into one), and no text holds an unpaired surrogate, a control character other than tab
 * and line breaks, or a bidirectional override that would make a transcript read differently from what was written.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictReading() {
        return builder -> builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .deserializerByType(String.class, new CheckedText())
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** After Spring Boot's own Jackson codecs (order 0), so this decoder is the one requests are read with. */
    @Bean
    @Order(1)
    CodecCustomizer utf8CheckingDecoder(ObjectMapper json) {
        return codecs -> codecs.defaultCodecs().jackson2JsonDecoder(new Utf8CheckingDecoder(json));
    }

    /** A refusal of a text in a body, naming its rule. */
    static final class RefusedText extends JsonMappingException {

        private final ApiRule rule;

        RefusedText(JsonParser parser, ApiRule rule, String message) {
            super(parser, message);
            this.rule = rule;
        }

        ApiRule rule() {
            return rule;
        }

        /** The refusal, with the field it was found in when there is one, e.g. {@code attachments[0].name}. */
        String detail() {
            StringBuilder field = new StringBuilder();
            for (Reference reference : getPath()) {
                if (reference.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    field.append('[').append(reference.getIndex()).append(']');
                }
            }
            return field.isEmpty() ? getOriginalMessage() : "'" + field + "': " + getOriginalMessage();
        }
    }

    private static final class Utf8CheckingDecoder extends Jackson2JsonDecoder {

        Utf8CheckingDecoder(ObjectMapper json) {
            super(json);
        }

        @Override
        public Object decode(DataBuffer body, ResolvableType targetType, MimeType mimeType,
                             Map<String, Object> hints) {
            if (mimeType == null || mimeType.getCharset() == null
                    || StandardCharsets.UTF_8.equals(mimeType.getCharset())) {
                ByteBuffer bytes = ByteBuffer.allocate(body.readableByteCount());
                body.toByteBuffer(body.readPosition(), bytes, 0, bytes.capacity());
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
                } catch (CharacterCodingException malformed) {
                    DataBufferUtils.release(body);
                    String message = "The body is not well-formed UTF-8 (byte " + bytes.position() + ").";
                    throw new DecodingException(message, new RefusedText(null, ApiRule.TEXT_ENCODING, message));
                }
            }
            return super.decode(body, targetType, mimeType, hints);
        }
    }

    private static final class CheckedText extends StdScalarDeserializer<String> {

        CheckedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null) {
                check(parser, text);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        private static void check(JsonParser parser, String text) throws RefusedText {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new RefusedText(parser, ApiRule.TEXT_ENCODING,
                            "A text holds an unpaired surrogate (\\u%04X) at index %d.".formatted((int) c, i));
                } else if (forbidden(c)) {
                    throw new RefusedText(parser, ApiRule.TEXT_CHARACTERS, ("A text may not hold control characters "
                            + "(other than tab and line breaks) or bidirectional overrides: U+%04X at index %d.")
                            .formatted((int) c, i));
                }
            }
        }

        private static boolean forbidden(char c) {
            return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    || (c >= 0x7F && c <= 0x9F)
                    || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069);
        }
    }
}
