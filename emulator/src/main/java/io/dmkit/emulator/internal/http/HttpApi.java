package io.dmkit.emulator.internal.http;

import com.sun.net.httpserver.HttpServer;
import io.dmkit.emulator.Emulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's REST API and page, on the JDK's own HTTP server: no web framework for a handful of
 * JSON resources on loopback. The route table below is the API at a glance.
 *
 * <p>Requests run on {@value #THREADS} daemon threads named {@code dmkit-emulator-http-N}. A command
 * does not hold one while the device thinks: its answer is sent when the device's reply arrives.
 * {@link #close()} stops the server and those threads.
 */
public final class HttpApi implements AutoCloseable {

    static final int THREADS = 4;
    private static final int CLOSE_WAIT_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving the API of {@code emulator}.
     *
     * @param port 0 picks a free port; {@link #port()} tells which
     * @throws IOException if the address cannot be bound (the port is taken)
     */
    public static HttpApi start(Emulator emulator, String bindAddress, int port) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        Objects.requireNonNull(bindAddress, "bindAddress");
        List<Route> routes = routes(emulator);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        } catch (IOException e) {
            throw new IOException("the REST API cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new Router(routes, executor));
        server.start();
        return new HttpApi(server, executor);
    }

    private static List<Route> routes(Emulator emulator) {
        IndexPage page = IndexPage.load();
        RegistryResource registry = new RegistryResource(emulator);
        TwinResource twin = new TwinResource(emulator);
        CommandResource commands = new CommandResource(emulator);
        DeviceStateResource state = new DeviceStateResource(emulator);
        FaultResource faults = new FaultResource(emulator);
        ProvisioningResource dps = new ProvisioningResource(emulator);
        List<Route> routes = new ArrayList<>(List.of(
                Route.at("").get(page::serve),
                Route.at("api/devices").get(registry::list),
                Route.at("api/devices/{id}").put(registry::register).delete(registry::remove),
                Route.at("api/devices/{id}/twin").get(twin::get),
                Route.at("api/devices/{id}/twin/desired").patch(twin::patchDesired),
                Route.at("api/devices/{id}/commands/{name}").postLater(commands::invoke),
                Route.at("api/devices/{id}/messages").get(state::messages),
                Route.at("api/devices/{id}/connection").get(state::connection),
                Route.at("api/devices/{id}/faults").post(faults::inject),
                Route.at("api/provisioning").get(dps::info),
                Route.at("api/provisioning/enrollments").get(dps::enrollments),
                Route.at("api/provisioning/enrollments/{registrationId}").get(dps::enrollment)
                        .put(dps::putEnrollment).delete(dps::removeEnrollment),
                Route.at("api/provisioning/groups").get(dps::groups),
                Route.at("api/provisioning/groups/{groupId}").get(dps::group).put(dps::putGroup)
                        .delete(dps::removeGroup),
                Route.at("api/provisioning/groups/{groupId}/certificates").post(dps::issueCertificate),
                Route.at("api/provisioning/registrations").get(dps::registrations),
                Route.at("api/provisioning/faults").post(dps::inject)));
        routes.addAll(FleetResource.routes(emulator));
        return routes;
    }

    /** The port the API listens on: the one asked for, or the free one picked for 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Closes the listener and every open connection, then stops the request threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "dmkit-emulator-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
