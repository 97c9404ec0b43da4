package livechat.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The HTTP baseline: a WebFlux server that reads a message body and answers as the real endpoint does, doing
 * nothing else. Started in its own JVM by {@link HttpBench}, as the real server is.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, MongoAutoConfiguration.class,
        MongoReactiveAutoConfiguration.class})
public class TrivialServer {

    public static void main(String[] args) {
        SpringApplication.run(TrivialServer.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> messages() {
        return RouterFunctions.route().POST("/api/conversations/{id}/messages", request -> request
                .bodyToMono(String.class)
                .flatMap(body -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"messageId\":\"m\",\"sequence\":1}")))
                .GET("/actuator/health", request -> ServerResponse.ok().bodyValue("{\"status\":\"UP\"}"))
                .build();
    }
}
