package dev.a3c.infra.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A small read-only HTTP server on Netty: each path maps to a function producing a response. */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    /** A response body and its content type. */
    public record Response(int status, String contentType, byte[] body) {
        public static Response text(String contentType, String body) {
            return new Response(200, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpEndpoint(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Binds {@code host:port} ({@code port} 0 picks a free port) and serves the routes. */
    public static HttpEndpoint start(String host, int port, Map<String, Supplier<Response>> routes) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(64 * 1024))
                                    .addLast(new Router(routes));
                        }
                    })
                    .bind(host, port).sync().channel();
            return new HttpEndpoint(group, channel);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, Supplier<Response>> routes;

        Router(Map<String, Supplier<Response>> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Response response;
            String path = new QueryStringDecoder(request.uri()).path();
            Supplier<Response> route = routes.get(path);
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = new Response(405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
            } else if (route == null) {
                response = new Response(404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                try {
                    response = route.get();
                } catch (RuntimeException e) {
                    log.warn("HTTP {} failed", path, e);
                    response = new Response(500, "text/plain; charset=utf-8", "internal error\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                HttpUtil.setKeepAlive(http, true);
                ctx.writeAndFlush(http);
            } else {
                ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
