package io.dmkit.faults;

import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A small gateway program that {@link GatewayKillTest} runs as a separate JVM, kills and runs again:
 * dmkit with a data directory (so the session's outbox is persistent) and one ThingsPro session.
 *
 * <p>Arguments: data directory, broker port, device id, how many numbered messages to send, the queue
 * capacity (the same in every run, so that what one run queued fits the next). It prints
 * {@code QUEUED n} once {@code sendMessage} has returned for all of them (a persistent outbox has
 * written each to disk by then), and each connection state as {@code STATE ...}; it ends cleanly
 * when its standard input says {@code stop} or ends.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String deviceId = args[2];
        int count = Integer.parseInt(args[3]);
        int capacity = Integer.parseInt(args[4]);
        try (DmKit dm = DmKit.builder().discoverTransports().dataDirectory(data).build()) {
            DmSession session = dm.createSession(FaultCloud.session("gateway", deviceId, port)
                    .queueCapacity(capacity).build());
            session.addConnectionListener((s, state) -> System.out.println("STATE " + state));
            for (int i = 0; i < count; i++) {
                session.sendMessage(DmMessage.of(Integer.toString(i)));
            }
            System.out.println("QUEUED " + count);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for the test
            }
        }
        System.out.println("CLOSED");
    }
}
