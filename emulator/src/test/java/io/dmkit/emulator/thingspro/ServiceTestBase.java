package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real Mosquitto per test class, one service per test, devices made by the test and closed
 * after it. Every test gets its own device ids and service client id, so retained statuses of
 * one test never reach another.
 */
abstract class ServiceTestBase {

    static final Duration TIMEOUT = TestDevice.TIMEOUT;
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    ThingsProService service;
    private final List<TestDevice> devices = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.builder(brokerDir).plainListener().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void connectService() throws Exception {
        service = ThingsProService.connect(serviceOptions().build());
    }

    @AfterEach
    void closeDevicesAndService() {
        devices.forEach(TestDevice::close);
        if (service != null) {
            service.close();
        }
    }

    /** Options of the service each test gets; a test class may tune them. */
    ServiceOptions.Builder serviceOptions() {
        return options();
    }

    /** Options for a service with a client id of its own. */
    static ServiceOptions.Builder options() {
        return ServiceOptions.builder(broker.plainUri()).clientId("svc-" + IDS.incrementAndGet());
    }

    /** A connected device that has not said it is online. */
    TestDevice device(String name) throws MqttException {
        TestDevice device = TestDevice.connect(broker.plainUri(), name + "-" + IDS.incrementAndGet());
        devices.add(device);
        return device;
    }

    /** A device that is online, as the service has seen. */
    TestDevice onlineDevice(String name) throws Exception {
        TestDevice device = device(name).online();
        assertThat(service.awaitOnline(device.id(), TIMEOUT)).as("service sees %s online", device.id()).isTrue();
        return device;
    }
}
