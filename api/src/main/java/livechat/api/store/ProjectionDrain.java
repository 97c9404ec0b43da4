package livechat.api.store;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

/**
 * At a stop, once the web server has finished the requests in progress and before Axon stops the processors, lets
 * every projection handle what is in the log, for {@code timeout} at most: a clean stop leaves every read model at
 * the head, and the next start has nothing to catch up. A projection still behind at the end catches up at the next
 * start, as after a crash.
 */
public final class ProjectionDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionDrain.class);

    private final EventProcessingConfiguration processing;
    private final ProjectionCatchUp catchUp;
    private final Duration timeout;
    private volatile boolean running;

    public ProjectionDrain(EventProcessingConfiguration processing, ProjectionCatchUp catchUp, Duration timeout) {
        this.processing = processing;
        this.catchUp = catchUp;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<String> processors = processing.eventProcessors().entrySet().stream()
                .filter(processor -> processor.getValue() instanceof StreamingEventProcessor streaming
                        && streaming.isRunning())
                .map(processor -> processor.getKey()).toList();
        try {
            Flux.fromIterable(processors).flatMap(catchUp::await).then().block(timeout);
        } catch (RuntimeException e) {
            log.warn("Stopping before every projection reached the log's head ({}); they catch up at the next start",
                    e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server has stopped (a higher phase stops earlier), before Axon stops its processors. */
    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }
}
