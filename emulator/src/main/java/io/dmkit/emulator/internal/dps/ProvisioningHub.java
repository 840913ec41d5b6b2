package io.dmkit.emulator.internal.dps;

import io.dmkit.emulator.Device;
import java.util.Optional;

/** What DPS needs of the emulator's IoT Hub: its host name, and its device registry. */
public interface ProvisioningHub {

    /** The host name DPS tells devices ({@code assignedHub}): one the hub's dialect accepts, on the same TLS port. */
    String hostName();

    Optional<Device> device(String id);

    /** Adds the device or replaces the one with its id (closing its connection; an Azure device keeps its twin). */
    void put(Device device);
}
