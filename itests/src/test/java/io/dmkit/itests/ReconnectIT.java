package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The broker goes away and comes back: the session retries with backoff, then everything works again. */
public class ReconnectIT extends OsgiTestSupport {

    @Test
    public void brokerRestartLeadsToReconnectWithBackoffAndHandlersStillAnswer() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        register(ConnectionListener.class, (s, st) -> states.add(st), Map.of(ConnectionListener.SESSION_NAME, "rc"));
        register(CommandHandler.class, req -> CommandResponse.of(200, "\"pong\""),
                Map.of(CommandHandler.COMMAND_NAME, "ping"));
        createSession(cloud.sessionProperties("rc", "gw-rc", Cloud.Listener.PLAIN));
        DmSession session = awaitSession("rc");
        awaitState(session, "connected", ConnectionState::isConnected);

        cloud.broker.stop();
        awaitState(session, "retrying", s -> s.status() == ConnectionStatus.DISCONNECTED_RETRYING);
        // Messages sent while the broker is down wait in the queue.
        List<CompletionStage<DmResult>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(session.sendMessage(DmMessage.of("offline-" + i)));
        }
        Await.until("three failed attempts", WAIT, () -> failedAttempts(states).size() >= 4);
        List<ConnectionState> failures = failedAttempts(states);
        assertThat(failures.get(1).reason()).isEqualTo(ConnectionReason.NO_NETWORK);
        // Backoff: each wait is longer than the one before (100, 200, 400 ms, each with +-20 % jitter).
        for (int i = 1; i < 3; i++) {
            Duration before = Duration.between(failures.get(i - 1).since(), failures.get(i).since());
            Duration after = Duration.between(failures.get(i).since(), failures.get(i + 1).since());
            assertThat(after).as("wait %d after wait %d", i + 1, i).isGreaterThan(before);
        }

        cloud.broker.restart();
        awaitState(session, "connected again", ConnectionState::isConnected);
        // Status 0 means the broker acknowledged the message. (Whether the service, itself
        // reconnecting, was subscribed by then is the broker's business: clean sessions.)
        for (CompletionStage<DmResult> s : sent) {
            assertThat(s.toCompletableFuture().get(20, TimeUnit.SECONDS).status()).isZero();
        }
        Await.until("service reconnected", WAIT, () -> cloud.service.isConnected() && cloud.service.isOnline("gw-rc"));
        assertThat(cloud.service.invoke("gw-rc", "ping", "{}", Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS)
                .payloadAsString()).isEqualTo("\"pong\"");
    }

    private static List<ConnectionState> failedAttempts(List<ConnectionState> states) {
        return states.stream().filter(s -> s.status() == ConnectionStatus.DISCONNECTED_RETRYING).toList();
    }
}
