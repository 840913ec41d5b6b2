package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whatever arrives from the network, the service answers what it can, logs the rest, and stays up. */
class HostileInputTest extends ServiceTestBase {

    private static final String ROUTER = "io.dmkit.emulator.thingspro.internal.InboundRouter";

    @Test
    void malformedTopicsAreLoggedAndTheServiceKeepsAnswering() throws Exception {
        try (LogCapture log = LogCapture.of(ROUTER)) {
            TestDevice device = device("hostile");
            device.publish("twin/get/bad.rid", new byte[0]);
            device.publish("twin/reported/" + "r".repeat(65), TestDevice.utf8("{}"));
            device.publish("commands/res/-1/r1", new byte[0]);
            device.publishTo("dm/" + "x".repeat(200) + "/status", TestDevice.utf8("{}"), false);
            log.await("WARNING", "request id may only contain");
            log.await("WARNING", "longer than 128");
            // The connection survived all of it and requests are still answered.
            assertThat(device.twinGet("after").status()).isEqualTo(200);
            assertThat(service.isConnected()).isTrue();
        }
    }

    @Test
    void aHugeDeeplyNestedOrBinaryPatchGetsAnErrorStatusNotACrash() throws Exception {
        TestDevice device = device("bomb");
        byte[] binary = new byte[8000];
        new java.util.Random(7).nextBytes(binary);
        assertThat(device.report("bin", binary).status()).isEqualTo(400);
        assertThat(device.report("deep", "{\"a\":" + "[".repeat(8000)).status()).isEqualTo(400);
        assertThat(device.report("huge", new byte[200_000]).status()).isEqualTo(413);
        assertThat(device.report("fine", "{\"ok\":true}").status()).isEqualTo(200);
    }

    @Test
    void aRetainedRequestIsAStaleReplayAndIsIgnored() throws Exception {
        try (LogCapture log = LogCapture.of(ROUTER)) {
            TestDevice device = device("retained");
            device.publishRetained("twin/reported/old", TestDevice.utf8("{\"replayed\":true}"));
            // The live copy (retain flag cleared by the broker for existing subscriptions) is a normal request.
            device.await("answer to the live patch", r -> r.topic().endsWith("/old"));
            assertThat(service.twin(device.id()).reportedVersion()).isEqualTo(2);

            // A service that subscribes later gets the retained copy with the retain flag: ignored.
            try (ThingsProService later = ThingsProService.connect(options().build())) {
                log.await("WARNING", "Ignored a retained message", device.id());
                assertThat(later.twin(device.id()).reportedVersion()).as("not merged by the later service").isEqualTo(1);
            } finally {
                device.publishRetained("twin/reported/old", new byte[0]); // clear it for later tests
            }
        }
    }
}
