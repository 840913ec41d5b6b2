package io.dmkit.transport.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.aws.protocol.FleetProvisioningTopics.Operation;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics.Request;
import org.junit.jupiter.api.Test;

class FleetProvisioningTopicsTest {

    @Test
    void requestTopicsAreTheSdksAndRoundTrip() {
        assertThat(FleetProvisioningTopics.parseRequest("$aws/certificates/create/json"))
                .contains(new Request(Operation.CREATE_KEYS_AND_CERTIFICATE, null));
        assertThat(FleetProvisioningTopics.parseRequest("$aws/certificates/create-from-csr/json"))
                .contains(new Request(Operation.CREATE_CERTIFICATE_FROM_CSR, null));
        Request register = FleetProvisioningTopics.parseRequest("$aws/provisioning-templates/fleet_1/provision/json")
                .orElseThrow();
        assertThat(register).isEqualTo(new Request(Operation.REGISTER_THING, "fleet_1"));
        assertThat(register.topic()).isEqualTo("$aws/provisioning-templates/fleet_1/provision/json");
        assertThat(FleetProvisioningTopics.accepted(register.topic()))
                .isEqualTo("$aws/provisioning-templates/fleet_1/provision/json/accepted");
        assertThat(FleetProvisioningTopics.rejected(FleetProvisioningTopics.CREATE_KEYS_AND_CERTIFICATE))
                .isEqualTo("$aws/certificates/create/json/rejected");
    }

    @Test
    void otherTopicsAreNoRequests() {
        assertThat(FleetProvisioningTopics.parseRequest("$aws/certificates/create/cbor")).isEmpty();
        assertThat(FleetProvisioningTopics.parseRequest("$aws/provisioning-templates/+/provision/json")).isEmpty();
        assertThat(FleetProvisioningTopics.parseRequest("$aws/provisioning-templates/a.b/provision/json")).isEmpty();
        assertThat(FleetProvisioningTopics.parseRequest("$aws/provisioning-templates/t/provision/json/accepted")).isEmpty();
        assertThat(FleetProvisioningTopics.parseRequest("$aws/things/t/shadow/get")).isEmpty();
    }

    @Test
    void answerFiltersNameOneRequestsAcceptedRejectedOrBoth() {
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/certificates/create/json/accepted"))
                .contains(new Request(Operation.CREATE_KEYS_AND_CERTIFICATE, null));
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/certificates/create-from-csr/json/+"))
                .contains(new Request(Operation.CREATE_CERTIFICATE_FROM_CSR, null));
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/provisioning-templates/t/provision/json/rejected"))
                .contains(new Request(Operation.REGISTER_THING, "t"));
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/certificates/create/json/#")).isEmpty();
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/certificates/#")).isEmpty();
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/provisioning-templates/+/provision/json/accepted"))
                .isEmpty();
        assertThat(FleetProvisioningTopics.parseAnswerFilter("$aws/certificates/create/json")).isEmpty();
    }
}
