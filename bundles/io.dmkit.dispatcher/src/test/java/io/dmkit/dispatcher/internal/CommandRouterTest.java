package io.dmkit.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.runtime.CommandHandlerInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRouterTest {

    private final CommandRouter<String> router = new CommandRouter<>();

    private static HandlerEntry entry(long id, int ranking, String session, Object commands) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("service.id", id);
        props.put("service.ranking", ranking);
        props.put("dm.command.name", commands);
        if (session != null) {
            props.put("dm.session.name", session);
        }
        return HandlerEntry.of(props, "dm.session.name", "dm.command.name", "bundle.b");
    }

    @Test
    void highestRankingWinsThenOldestService() {
        router.put("low", entry(1, 0, null, "ping"));
        router.put("high", entry(2, 10, null, "ping"));
        router.put("tie", entry(3, 10, null, "ping"));
        assertThat(router.route("s", "ping")).hasValue("high");
        router.remove("high");
        assertThat(router.route("s", "ping")).hasValue("tie");
    }

    @Test
    void sessionLimitedHandlersServeOnlyTheirSession() {
        router.put("a-only", entry(1, 0, "a", "cmd"));
        assertThat(router.route("a", "cmd")).hasValue("a-only");
        assertThat(router.route("b", "cmd")).isEmpty();
    }

    @Test
    void oneHandlerMayAnswerSeveralCommandsGivenAsArrayOrList() {
        router.put("arr", entry(1, 0, null, new String[] {"x", " y "}));
        router.put("list", entry(2, 0, null, List.of("z")));
        assertThat(router.route("s", "y")).hasValue("arr");
        assertThat(router.route("s", "z")).hasValue("list");
        assertThat(router.route("s", "w")).isEmpty();
    }

    @Test
    void runtimeViewListsActiveThenShadowedHandlersPerSessionAndCommand() {
        router.put("low", entry(1, 0, null, "ping"));
        router.put("high", entry(2, 5, "a", "ping"));
        List<CommandHandlerInfo> view = router.describe(List.of("b", "a"));
        assertThat(view).extracting(i -> i.sessionName() + "/" + i.commandName() + "/" + i.serviceId() + "/" + i.active())
                .containsExactly("a/ping/2/true", "a/ping/1/false", "b/ping/1/true");
    }
}
