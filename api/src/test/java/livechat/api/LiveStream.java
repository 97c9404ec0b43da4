package livechat.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.util.Map;

/** A conversation's live stream as a frontend reads it: server-sent events, without the heartbeat comments. */
final class LiveStream {

    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {
            };

    private LiveStream() {
    }

    /** What {@code actor} receives on the conversation's stream, from the event after {@code sequence} on. */
    static Flux<ServerSentEvent<Map<String, Object>>> after(LivechatServer server, String actor, String conversationId,
                                                           long sequence) {
        return WebClient.create(server.baseUrl()).get()
                .uri("/api/conversations/{id}/stream?after={after}", conversationId, sequence)
                .headers(server.as(actor)).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(SSE).filter(event -> event.event() != null);
    }
}
