package io.dmkit.emulator.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dmkit.emulator.EmulatorException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the route of a request, runs it, and sends its answer or the error it failed with. The one
 * place that knows about {@link HttpExchange}: 404 for a path no route has, 405 with {@code Allow}
 * for a method the route lacks, 403 for another web site's page calling in.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes;
    private final Executor executor;

    /** @param executor sends the answers that come later, so a device's reply never waits on a slow client */
    Router(List<Route> routes, Executor executor) {
        this.routes = List.copyOf(routes);
        this.executor = executor;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        CompletionStage<Response> answer;
        boolean later = false;
        try {
            refuseOtherOrigins(exchange.getRequestHeaders());
            List<String> path = PathSegments.split(exchange.getRequestURI().getRawPath());
            Match match = find(method, path);
            later = match.route().answersLater(method);
            answer = match.handler().handle(new Request(exchange, match.parameters()));
        } catch (Exception | StackOverflowError e) {
            // a StackOverflowError too: the request still gets its 500, the server thread lives on
            answer = CompletableFuture.failedFuture(e);
        }
        if (later) {
            answer.whenCompleteAsync((response, failure) -> send(exchange, response, failure), executor);
        } else {
            answer.whenComplete((response, failure) -> send(exchange, response, failure));
        }
    }

    private Match find(String method, List<String> path) {
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            Route.AsyncHandler handler = route.handler(method).orElseThrow(() -> new MethodNotAllowed(route));
            parameters.get().forEach((name, value) -> PathSegments.requireName(Route.PARAMETERS.get(name), value));
            return new Match(route, handler, parameters.get());
        }
        throw new EmulatorException(404, "there is no such resource; GET / is the page and the API is under /api/devices");
    }

    /**
     * A browser sends {@code Origin} with every request a page makes to another site; the API serves
     * only its own page, so a site the user happens to visit cannot register devices or send commands.
     */
    private static void refuseOtherOrigins(Headers headers) {
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.equals("http://" + headers.getFirst("Host"))) {
            throw new EmulatorException(403, "requests from another site's page are refused; the API serves its own"
                    + " page and clients that send no Origin header");
        }
    }

    private void send(HttpExchange exchange, Response response, Throwable failure) {
        Response answer = failure == null ? response
                : Failures.toResponse(failure, exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            if (answer.contentType() != null) {
                headers.set("Content-Type", answer.contentType());
            }
            answer.headers().forEach(headers::set);
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away before reading its answer: nothing to tell anyone
            LOG.debug("answer to {} not delivered: {}", exchange.getRequestURI().getRawPath(), e.toString());
        }
    }

    private record Match(Route route, Route.AsyncHandler handler, Map<String, String> parameters) {
    }

    /** The route exists, the method does not: 405 with the methods it has. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String allow;

        MethodNotAllowed(Route route) {
            super(route + " takes only " + String.join(", ", route.methods()), null, false, false);
            this.allow = String.join(", ", route.methods());
        }

        String allow() {
            return allow;
        }
    }
}
