package livechat.api.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Connections that hold the server without using it are closed: one whose request headers have not all arrived
 * within {@code livechat.http.header-timeout} of the connection opening or of the previous answer (a client sending
 * a header a byte at a time), one whose request body pauses longer than {@code livechat.http.read-timeout}, and one
 * idle between requests longer than {@code livechat.http.idle-timeout}. A stream being answered is neither idle nor
 * waiting for headers, so it stays open however long it lasts.
 */
@Component
class ConnectionTimeouts implements NettyServerCustomizer {

    private static final String HANDLER = "livechat.headerDeadline";

    private final Duration headerTimeout;
    private final Duration readTimeout;
    private final Duration idleTimeout;

    ConnectionTimeouts(@Value("${livechat.http.header-timeout:10s}") Duration headerTimeout,
                       @Value("${livechat.http.read-timeout:10s}") Duration readTimeout,
                       @Value("${livechat.http.idle-timeout:60s}") Duration idleTimeout) {
        this.headerTimeout = headerTimeout;
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(idleTimeout).readTimeout(readTimeout)
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    ChannelPipeline pipeline = channel.pipeline();
                    if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                        pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new HeaderDeadline(headerTimeout));
                    }
                });
    }

    /** Closes the connection when a request's headers take longer than the deadline to arrive. */
    private static final class HeaderDeadline extends ChannelDuplexHandler {

        private final long timeoutMillis;
        private ScheduledFuture<?> deadline;
        /** Requests whose headers arrived and whose answers are not complete yet (more when pipelined). */
        private int unanswered;

        HeaderDeadline(Duration timeout) {
            this.timeoutMillis = timeout.toMillis();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            if (context.channel().isActive()) {
                arm(context);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext context) throws Exception {
            arm(context);
            super.channelActive(context);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof HttpRequest) {
                unanswered++;
                disarm();
            }
            super.channelRead(context, message);
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof LastHttpContent) {
                // With every answer complete, the connection waits for the next request's headers.
                promise = promise.unvoid().addListener(written -> {
                    if (--unanswered <= 0) {
                        unanswered = 0;
                        arm(context);
                    }
                });
            }
            super.write(context, message, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            disarm();
            super.channelInactive(context);
        }

        private void arm(ChannelHandlerContext context) {
            disarm();
            Runnable close = () -> context.close();
            deadline = context.executor().schedule(close, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }
}
