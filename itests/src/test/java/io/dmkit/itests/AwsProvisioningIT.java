package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.testing.Await;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * The {@code aws-fleet} provisioner in the framework, configured through ConfigAdmin, against the
 * emulator's fleet provisioning: a session with only the claim and the template options connects as
 * the thing the template names (key pair made on the gateway, or by AWS), its certificate and key
 * owner-only in the core's data area; a restart of the core connects without provisioning again; a
 * template that refuses the device stops the session at once with the reason.
 */
public class AwsProvisioningIT extends AwsEmulatorSupport {

    private static FleetProvisioningApi.Claim claim;

    @Override
    protected List<String> extraBundles() {
        return List.of("io.dmkit.provisioning.aws");
    }

    private FleetProvisioningApi fleet() {
        return new FleetProvisioningApi(emulator().httpPort());
    }

    /** A session with the claim, the endpoint and the template: no device.id, no certificate of its own. */
    private Map<String, Object> claimSession(String session, String template, String serial) {
        FleetProvisioningApi api = fleet();
        synchronized (AwsProvisioningIT.class) {
            if (claim == null) {
                claim = api.createClaim("osgi");
                api.putTemplate("osgi-open", "osgi-", true);
                api.putTemplate("osgi-closed", "closed-", false);
            }
        }
        Map<String, Object> p = sessionProperties(session, new Thing("unused", claim.certificateFile(),
                claim.privateKeyFile()));
        p.remove(SessionConfig.DEVICE_ID.id());
        p.put("aws.provisioning.template", template);
        p.put("aws.provisioning.parameters", "{\"SerialNumber\":\"" + serial + "\"}");
        return p;
    }

    @Test
    public void aClaimBecomesTheThingWithAKeyMadeOnTheGatewayAndARestartDoesNotProvisionAgain() throws Exception {
        List<TwinUpdate> twins = twinUpdates("fleet-csr");
        register(CommandHandler.class, request -> CommandResponse.of(200, request.payloadAsString()),
                Map.of(CommandHandler.COMMAND_NAME, "echo"));
        DmSession session = connected(claimSession("fleet-csr", "osgi-open", "csr"));
        worksAsTheThing(session, twins, "osgi-csr");
        assertThat(session.provisioned().orElseThrow().details()).containsEntry("thingName", "osgi-csr");
        assertOwnerOnly(identityDirectory("fleet-csr"));

        Bundle core = bundle("io.dmkit.core");
        core.stop();
        core.start();
        DmSession again = awaitSession("fleet-csr");
        awaitState(again, "connected after the restart", ConnectionState::isConnected);
        Await.until("the thing connected twice", WAIT, () -> cloudConnects(new Thing("osgi-csr", null, null)) == 2);
        assertThat(fleet().registrations("osgi-open")).filteredOn(r -> r.get("thingName").getAsString()
                .equals("osgi-csr")).hasSize(1);
    }

    @Test
    public void aClaimBecomesTheThingWithKeysAwsMakes() throws Exception {
        List<TwinUpdate> twins = twinUpdates("fleet-keys");
        register(CommandHandler.class, request -> CommandResponse.of(200, request.payloadAsString()),
                Map.of(CommandHandler.COMMAND_NAME, "echo"));
        Map<String, Object> p = claimSession("fleet-keys", "osgi-open", "keys");
        p.put("aws.provisioning.keys", "aws");
        DmSession session = connected(p);
        worksAsTheThing(session, twins, "osgi-keys");
        Path dir = identityDirectory("fleet-keys");
        assertOwnerOnly(dir);
        assertThat(Files.readString(dir.resolve("private.pem.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    public void aTemplateThatRefusesTheDeviceStopsTheSessionAtOnceWithTheReason() throws Exception {
        createSession(claimSession("fleet-refused", "osgi-closed", "r"));
        DmSession session = awaitSession("fleet-refused");
        ConnectionState state = awaitState(session, "refused for good", s -> s.status() == ConnectionStatus.DISCONNECTED
                && s.reason() == ConnectionReason.BAD_CREDENTIAL);
        assertThat(state.detail()).contains("RegisterThing").contains("the template 'osgi-closed' refused to "
                + "provision this device").contains("'AccessDenied'");
        // DISCONNECTED, not DISCONNECTED_RETRYING: the session waits for a new configuration or connect().
        assertThat(fleet().registrations("osgi-closed")).hasSize(1);
        assertThat(session.provisioned()).isEmpty();
    }

    private void worksAsTheThing(DmSession session, List<TwinUpdate> twins, String thing) throws Exception {
        Await.until("COMPLETE twin", WAIT, () -> twins.stream().anyMatch(u -> u.kind() == TwinUpdate.Kind.COMPLETE));
        assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").build()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status()).isZero();
        Thing provisioned = new Thing(thing, null, null);
        assertThat(cloudMessages(provisioned)).hasSize(1);
        assertThat(JsonParser.parseString(cloudApi().invoke(thing, "echo", "{\"x\":1}", 10).body()))
                .isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"x\":1}}"));
    }

    private Bundle bundle(String symbolicName) {
        return Stream.of(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst()
                .orElseThrow();
    }

    /**
     * The session's provisioning directory in the core bundle's data area, found under this class's
     * framework storage ({@code <data>/provisioning/<session>/}).
     */
    private Path identityDirectory(String session) throws Exception {
        Path storage = new File("target/osgi/" + Framework.expected().id() + "/" + getClass().getSimpleName())
                .getAbsoluteFile().toPath();
        try (Stream<Path> all = Files.walk(storage)) {
            return all.filter(p -> p.endsWith(Path.of("provisioning", session)) && Files.isDirectory(p)).findFirst()
                    .orElseThrow(() -> new AssertionError("no provisioning/" + session + " under " + storage));
        }
    }

    private static void assertOwnerOnly(Path directory) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        for (String file : List.of("certificate.pem.crt", "private.pem.key", "identity.json")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }
}
