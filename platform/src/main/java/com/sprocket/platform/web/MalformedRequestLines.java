package com.sprocket.platform.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * A request line Spring cannot turn into a URI (a malformed percent escape like {@code %zz}) is
 * answered by Spring's Netty adapter with a bare 400 before any of our code runs. This handler sits
 * in the connection's pipeline just ahead of it and answers such a request with a problem+json 400
 * instead, closing the connection (nothing of the request is read further).
 */
final class MalformedRequestLines extends ChannelInboundHandlerAdapter {

    static final String NAME = "sprocket-malformed-request-lines";

    private boolean discarding;

    static NettyServerCustomizer customizer() {
        return (HttpServer server) -> server.doOnConnection(connection -> {
            if (connection.channel().pipeline().get(NAME) == null) {
                connection.addHandlerLast(NAME, new MalformedRequestLines());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest request && !parses(request.uri())) {
            discarding = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                            + "\"detail\":\"The request target is not a valid URI (check its percent-encoding).\"}")
                    .getBytes(StandardCharsets.UTF_8);
            var response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, "close");
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (discarding && message instanceof HttpContent content) {
            discarding = !(content instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        context.fireChannelRead(message);
    }

    private static boolean parses(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
