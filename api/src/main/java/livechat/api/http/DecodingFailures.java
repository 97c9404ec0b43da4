package livechat.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;

/**
 * Requests that fail to parse as HTTP (a request line or headers over the limits, a malformed header) are answered
 * like every other refusal, with a problem document naming the rule, and the connection is closed once the answer is
 * written: after such a request the rest of the connection's bytes cannot be trusted, and a client must never be
 * left waiting on it.
 */
@Component
class DecodingFailures implements NettyServerCustomizer {

    private static final String HANDLER = "livechat.decodingFailures";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER, new Refusals());
            }
        });
    }

    private static final class Refusals extends ChannelInboundHandlerAdapter {

        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (refused) {
                ReferenceCountUtil.release(message);
            } else if (message instanceof HttpObject http && http.decoderResult().isFailure()) {
                refused = true;
                Throwable cause = http.decoderResult().cause();
                ReferenceCountUtil.release(message);
                context.writeAndFlush(answer(cause)).addListener(ChannelFutureListener.CLOSE);
            } else {
                context.fireChannelRead(message);
            }
        }

        private static FullHttpResponse answer(Throwable cause) {
            if (cause instanceof TooLongHttpLineException) {
                return problem(ApiRule.REQUEST_LINE_TOO_LONG,
                        "The request line (method, path and query) is longer than the server accepts.");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return problem(ApiRule.HEADERS_TOO_LARGE,
                        "The request's headers are larger than the server accepts.");
            }
            return problem(ApiRule.MALFORMED_HTTP,
                    "The request is not well-formed HTTP/1.1.");
        }

        private static FullHttpResponse problem(ApiRule refused, String detail) {
            HttpResponseStatus status = HttpResponseStatus.valueOf(refused.status().value());
            String rule = refused.ruleName();
            byte[] body = ("{\"type\":\"urn:livechat:problem:" + rule + "\",\"title\":\"" + status.reasonPhrase()
                    + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\",\"rule\":\"" + rule + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }
}
