package io.dmkit.emulator.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A resource path such as {@code api/devices/{id}/twin} and what each HTTP method does there.
 * A {@code {parameter}} matches any one non-empty segment; whether its value is acceptable is for the
 * router to check afterwards, so that {@code /api/devices/a%2Fb} is a 400 (a bad id), not a 404.
 */
final class Route {

    /** A route's answer, ready now. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** A route's answer, ready once the emulator has done its part (a device replied). */
    @FunctionalInterface
    interface AsyncHandler {
        CompletionStage<Response> handle(Request request) throws Exception;
    }

    /** The path parameters routes may use, and what they name in messages. */
    static final Map<String, String> PARAMETERS = Map.of("id", "device id", "name", "command name",
            "registrationId", "registration id", "groupId", "group id",
            "certificateId", "certificate id", "template", "template name");

    private final String pattern;
    private final List<String> segments;
    private final Map<String, AsyncHandler> handlers = new LinkedHashMap<>();
    private final Set<String> asynchronous = new HashSet<>();

    private Route(String pattern) {
        this.pattern = pattern;
        this.segments = pattern.isEmpty() ? List.of() : List.of(pattern.split("/"));
        for (String segment : segments) {
            if (isParameter(segment) && !PARAMETERS.containsKey(name(segment))) {
                throw new IllegalArgumentException("unknown path parameter " + segment + " in " + pattern);
            }
        }
    }

    /** @param pattern segments without a leading slash; {@code ""} is the root */
    static Route at(String pattern) {
        return new Route(pattern);
    }

    Route get(Handler handler) {
        return on("GET", handler);
    }

    Route put(Handler handler) {
        return on("PUT", handler);
    }

    Route patch(Handler handler) {
        return on("PATCH", handler);
    }

    Route post(Handler handler) {
        return on("POST", handler);
    }

    Route delete(Handler handler) {
        return on("DELETE", handler);
    }

    /** A POST whose answer comes later; the router sends it from its own threads when it is ready. */
    Route postLater(AsyncHandler handler) {
        add("POST", handler);
        asynchronous.add("POST");
        return this;
    }

    private Route on(String method, Handler handler) {
        add(method, request -> CompletableFuture.completedFuture(handler.handle(request)));
        return this;
    }

    private void add(String method, AsyncHandler handler) {
        if (handlers.putIfAbsent(method, handler) != null) {
            throw new IllegalArgumentException(method + " " + pattern + " is defined twice");
        }
    }

    /** The parameter values if the decoded {@code path} has this route's shape. */
    Optional<Map<String, String>> match(List<String> path) {
        if (path.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            String actual = path.get(i);
            if (isParameter(segment)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(name(segment), actual);
            } else if (!segment.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    Optional<AsyncHandler> handler(String method) {
        return Optional.ofNullable(handlers.get(method));
    }

    boolean answersLater(String method) {
        return asynchronous.contains(method);
    }

    /** The methods this route takes, for a 405's {@code Allow} header. */
    List<String> methods() {
        List<String> methods = new ArrayList<>(handlers.keySet());
        Collections.sort(methods);
        return methods;
    }

    @Override
    public String toString() {
        return "/" + pattern;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String name(String segment) {
        return segment.substring(1, segment.length() - 1);
    }
}
