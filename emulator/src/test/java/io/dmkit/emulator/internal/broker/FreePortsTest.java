package io.dmkit.emulator.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aGivenPortIsKept() {
        try (FreePorts ports = new FreePorts()) {
            assertThat(ports.orFree("127.0.0.1", 18_830)).isEqualTo(18_830);
        }
    }

    @Test
    void portsPickedForOneBrokerAllDifferAndStayTakenUntilReleased() throws IOException {
        List<Integer> picked = new ArrayList<>();
        try (FreePorts ports = new FreePorts()) {
            for (int i = 0; i < 50; i++) {
                picked.add(ports.orFree("127.0.0.1", 0));
            }
            assertThat(picked).doesNotHaveDuplicates();
            assertThatThrownBy(() -> new ServerSocket(picked.get(0), 1, InetAddress.getLoopbackAddress()).close())
                    .isInstanceOf(BindException.class);
        }
        try (ServerSocket released = new ServerSocket(picked.get(0), 1, InetAddress.getLoopbackAddress())) {
            assertThat(released.getLocalPort()).isEqualTo(picked.get(0));
        }
    }
}
