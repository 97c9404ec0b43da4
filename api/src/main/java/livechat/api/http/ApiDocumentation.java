package livechat.api.http;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import livechat.api.security.Identity;
import livechat.api.security.LimitedCall;
import livechat.command.Rule;
import livechat.events.Actor;
import livechat.query.transcript.Assignment;
import livechat.query.transcript.SeenReceipt;
import livechat.query.transcript.StatusChange;
import livechat.query.transcript.TagChange;
import livechat.query.transcript.TranscriptMessage;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OpenAPI description at {@code /v3/api-docs} (and a browsable UI at {@code /swagger-ui.html}). Every call but
 * the sign-in ones takes a bearer token ({@code bearer}); a conversation's stream also takes a single-use
 * {@code ticket} query parameter instead. Who is acting is never a parameter: it comes from the token.
 * <p>
 * Each operation's problem responses are made here, one per status, from the rules its handler declares with
 * {@link Refuses} and the rules every call of its kind can break; the {@code rule} of each is an enum of exactly
 * those. A conversation's stream has one schema per {@code event} name.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String TICKET = "ticket";
    static final String PROBLEM = "Problem";
    static final String STREAM_ITEM = "ConversationStreamItem";
    static final String STREAM_ITEM_REF = "#/components/schemas/" + STREAM_ITEM;
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final Set<String> PUBLIC = Set.of("/api/auth/token", "/api/auth/refresh", "/api/visitor-sessions",
            "/.well-known/jwks.json");
    private static final String STREAM = "/api/conversations/{conversationId}/stream";
    private static final String RETRY_AFTER = "Retry-After";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    /** Every call can be refused so: the server stops, a page of a foreign origin calls, or a fault of ours. */
    private static final List<ApiRule> EVERY_CALL = List.of(ApiRule.SERVER_STOPPING, ApiRule.CROSS_ORIGIN_REFUSED,
            ApiRule.INTERNAL_ERROR);
    private static final List<ApiRule> SECURED = List.of(ApiRule.AUTHENTICATION_REQUIRED, ApiRule.TOKEN_INVALID,
            ApiRule.ACCOUNT_DISABLED, ApiRule.FORBIDDEN);
    private static final List<ApiRule> WITH_BODY = List.of(ApiRule.MALFORMED_REQUEST, ApiRule.TEXT_ENCODING,
            ApiRule.TEXT_CHARACTERS, ApiRule.REQUEST_TOO_LARGE, ApiRule.UNSUPPORTED_MEDIA_TYPE);
    private static final List<ApiRule> WRITING = List.of(ApiRule.EVENT_STORE_UNAVAILABLE, ApiRule.SERVER_BUSY,
            ApiRule.CONCURRENT_CHANGE);

    /**
     * The stream's items by their {@code event} name, with what each carries as {@code data}; {@code null} for
     * none. Typing signals, heartbeats and the reconnect hint have no sequence.
     */
    private static final Map<String, Class<?>> STREAM_EVENTS = streamEvents();

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class, Identity.class);
    }

    private static Map<String, Class<?>> streamEvents() {
        Map<String, Class<?>> events = new LinkedHashMap<>();
        events.put("message", TranscriptMessage.class);
        events.put("message-edited", TranscriptMessage.MessageEdit.class);
        events.put("message-redacted", TranscriptMessage.Redaction.class);
        events.put("status", StatusChange.class);
        events.put("assigned", Assignment.class);
        events.put("seen", SeenReceipt.class);
        events.put("tagged", TagChange.class);
        events.put("untagged", TagChange.class);
        events.put("typing", TypingIndicators.Typing.class);
        events.put("reconnect", ConversationStreamController.Reconnect.class);
        events.put("heartbeat", null);
        return events;
    }

    @Bean
    OpenAPI livechatApi() {
        return new OpenAPI().info(new Info().title("livechat").version("0.1.0")
                        .license(new License().name("Proprietary").identifier("LicenseRef-livechat"))
                        .description("Event-sourced live chat: conversations, agents, transcripts, metrics and audits. "
                                + "Every refusal is an RFC 7807 problem (`application/problem+json`) whose `rule` "
                                + "names what was broken; each operation lists the rules it can refuse with. Staff "
                                + "sign in at /api/auth/token, visitors at /api/visitor-sessions; every other call "
                                + "takes the access token as `Authorization: Bearer`."))
                .servers(List.of(new Server().url("/").description("The server that serves this document")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An access token from /api/auth/token, /api/auth/refresh or "
                                        + "/api/visitor-sessions."))
                        .addSecuritySchemes(TICKET, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY).name(TICKET)
                                .description("A single-use stream ticket from /api/stream-tickets, for the "
                                        + "conversation's stream only (a browser's EventSource sends no header)."))
                        .addHeaders(RETRY_AFTER, new Header().description("Seconds to wait before sending the "
                                + "request again; nothing of it was done.").schema(new IntegerSchema().minimum(
                                BigDecimal.ONE)))
                        .addHeaders(WWW_AUTHENTICATE, new Header().description("`Bearer realm=\"livechat\"`, with "
                                + "`error=\"invalid_token\"` for a token that was refused.")
                                .schema(new StringSchema())))
                .tags(List.of(
                        tag("sign-in", "Tokens for staff and visitors, and the keys that verify them"),
                        tag("conversations", "Starting conversations and acting in them"),
                        tag("transcripts", "Reading conversations: summaries, transcripts, exports, search"),
                        tag("streams", "Following a conversation live, over Server-Sent Events or NDJSON"),
                        tag("agents", "Registering agents and setting their status, capacity and skills"),
                        tag("canned-responses", "The shared library of canned responses"),
                        tag("metrics", "Agent and conversation metrics, and their facts as files"),
                        tag("audits", "The audit chain, bundles, checkpoints, disputes and the access log"),
                        tag("staff", "Staff accounts, managed by admins")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer livechatContract(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return api -> {
            Map<String, List<HandlerMethod>> handlers = handlers(mappings);
            // Schemas of the OpenAPI bean that no handler names are dropped before this runs.
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            addStreamItems(api.getComponents());
            api.getPaths().forEach((path, item) -> {
                if (PUBLIC.contains(path)) {
                    item.readOperations().forEach(operation -> operation.setSecurity(List.of()));
                }
                if (path.equals(STREAM) && item.getGet() != null) {
                    streamTickets(item.getGet());
                }
                item.readOperationsMap().forEach((method, operation) -> refusals(path, method, operation,
                        handlers.getOrDefault(method.name() + " " + path, List.of())));
            });
        };
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    private static Map<String, List<HandlerMethod>> handlers(RequestMappingHandlerMapping mappings) {
        Map<String, List<HandlerMethod>> byCall = new HashMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternsCondition().getPatterns()
                .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(method -> byCall
                        .computeIfAbsent(method.name() + " " + pattern.getPatternString(), call -> new ArrayList<>())
                        .add(handler))));
        return byCall;
    }

    private static void streamTickets(Operation stream) {
        stream.setSecurity(List.of(new SecurityRequirement().addList(BEARER),
                new SecurityRequirement().addList(TICKET)));
        stream.addParametersItem(new QueryParameter().name(TICKET).required(false)
                .description("A stream ticket (POST /api/stream-tickets) instead of the Authorization "
                        + "header; single use, valid for a minute.")
                .schema(new StringSchema()));
    }

    /** The operation's problem responses: its handlers' declared rules and those of every call of its kind. */
    private static void refusals(String path, PathItem.HttpMethod method, Operation operation,
                                 List<HandlerMethod> handlers) {
        if (handlers.isEmpty()) {
            throw new IllegalStateException("No handler serves " + method + " " + path);
        }
        SortedMap<Integer, SortedSet<String>> rules = new TreeMap<>();
        for (HandlerMethod handler : handlers) {
            Refuses refuses = handler.getMethodAnnotation(Refuses.class);
            if (refuses == null) {
                throw new IllegalStateException(handler + " declares no @Refuses: the OpenAPI document lists "
                        + "every operation's refusals");
            }
            declared(refuses).forEach(rule -> add(rules, rule));
            Stream.of(refuses.conversation(), refuses.agent(), refuses.staff(), refuses.canned(), refuses.access(),
                            refuses.subject())
                    .flatMap(Arrays::stream).forEach(rule -> add(rules, rule));
        }
        boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        Stream.of(EVERY_CALL, secured ? SECURED : List.<ApiRule>of(),
                        operation.getRequestBody() != null ? WITH_BODY : List.<ApiRule>of(),
                        typedParameters(operation) ? List.of(ApiRule.MALFORMED_REQUEST) : List.<ApiRule>of(),
                        LimitedCall.all().contains(new LimitedCall(org.springframework.http.HttpMethod.valueOf(
                                method.name()), path)) ? List.of(ApiRule.RATE_LIMITED) : List.<ApiRule>of())
                .flatMap(List::stream).forEach(rule -> add(rules, rule));
        rules.forEach((status, names) -> operation.getResponses().addApiResponse(String.valueOf(status),
                problemResponse(HttpStatus.valueOf(status), names)));
    }

    private static Set<ApiRule> declared(Refuses refuses) {
        Set<ApiRule> rules = EnumSet.noneOf(ApiRule.class);
        rules.addAll(Arrays.asList(refuses.value()));
        if (refuses.writes()) {
            rules.addAll(WRITING);
        }
        if (refuses.reads()) {
            rules.add(ApiRule.READ_MODEL_UNAVAILABLE);
        }
        return rules;
    }

    /** A missing required query parameter, or one that is not the number it must be, is malformed. */
    private static boolean typedParameters(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "query".equals(parameter.getIn()) && Boolean.TRUE.equals(parameter.getRequired())
                        || isNumber(parameter));
    }

    private static boolean isNumber(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        return schema != null && ("integer".equals(schema.getType()) || schema.getTypes() != null
                && schema.getTypes().contains("integer"));
    }

    private static void add(SortedMap<Integer, SortedSet<String>> rules, ApiRule rule) {
        rules.computeIfAbsent(rule.status().value(), status -> new TreeSet<>()).add(rule.ruleName());
    }

    private static void add(SortedMap<Integer, SortedSet<String>> rules, Rule rule) {
        rules.computeIfAbsent(Problems.statusOf(rule.kind()).value(), status -> new TreeSet<>()).add(rule.ruleName());
    }

    private static ApiResponse problemResponse(HttpStatus status, SortedSet<String> names) {
        Schema<?> rule = new StringSchema().description("The rule the request broke.")
                ._enum(new ArrayList<>(names));
        Schema<?> schema = new ComposedSchema().addAllOfItem(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .addAllOfItem(new ObjectSchema().addProperty("rule", rule).required(List.of("rule")));
        ApiResponse response = new ApiResponse()
                .description(status.getReasonPhrase() + ": " + names.stream().map(name -> "`" + name + "`")
                        .collect(Collectors.joining(", ")) + ".")
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema)));
        if (status == HttpStatus.UNAUTHORIZED) {
            response.addHeaderObject(WWW_AUTHENTICATE, new Header().$ref("#/components/headers/" + WWW_AUTHENTICATE));
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
            response.addHeaderObject(RETRY_AFTER, new Header().$ref("#/components/headers/" + RETRY_AFTER));
        }
        return response;
    }

    /** RFC 7807 problem details, with the rule broken. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("An RFC 7807 problem: what was refused, and the rule it broke.")
                .addProperty("type", new StringSchema().format("uri").description("`urn:livechat:problem:<rule>`"))
                .addProperty("title", new StringSchema().description("The status's reason phrase"))
                .addProperty("status", new IntegerSchema().format("int32").description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What happened, in words a person can act on"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request's path"))
                .addProperty("rule", new StringSchema().description("The name of the rule broken; stable, for code "
                        + "to match on"))
                .required(List.of("type", "title", "status", "detail", "rule"));
    }

    /**
     * One schema per stream item, named by its {@code event}, and their union: a line of NDJSON is one of them,
     * and so is each Server-Sent Event ({@code id} the sequence, {@code event} the name, {@code data} the data).
     */
    private static void addStreamItems(Components components) {
        Map<String, String> mapping = new LinkedHashMap<>();
        ComposedSchema union = new ComposedSchema();
        STREAM_EVENTS.forEach((event, data) -> {
            String name = "Stream" + Arrays.stream(event.split("-"))
                    .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                    .collect(Collectors.joining()) + "Item";
            boolean sequenced = data != null && data != TypingIndicators.Typing.class
                    && data != ConversationStreamController.Reconnect.class;
            Schema<?> item = new ObjectSchema()
                    .description("The stream item `" + event + "`" + (sequenced ? "; its sequence is its SSE id."
                            : "; it has no sequence."))
                    .addProperty("event", new StringSchema()._enum(List.of(event)))
                    .required(new ArrayList<>(List.of("event")));
            if (sequenced) {
                item.addProperty("sequence", new IntegerSchema().format("int64").minimum(BigDecimal.ZERO));
                item.addRequiredItem("sequence");
            }
            if (data != null) {
                item.addProperty("data", schemaOf(data, components));
                item.addRequiredItem("data");
            }
            components.addSchemas(name, item);
            mapping.put(event, "#/components/schemas/" + name);
            union.addOneOfItem(new Schema<>().$ref("#/components/schemas/" + name));
        });
        components.addSchemas(STREAM_ITEM, union.discriminator(new Discriminator().propertyName("event")
                        .mapping(mapping))
                .description("One item of a conversation's stream: a line of NDJSON, or one Server-Sent Event whose "
                        + "`id` is the sequence, `event` the event and `data` the data as JSON. Over SSE a "
                        + "heartbeat is a comment and `reconnect` carries `retry` instead of data."));
    }

    private static Schema<?> schemaOf(Class<?> type, Components components) {
        ResolvedSchema resolved = ModelConverters.getInstance(true)
                .resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        resolved.referencedSchemas.forEach(components::addSchemas);
        return resolved.schema;
    }
}
