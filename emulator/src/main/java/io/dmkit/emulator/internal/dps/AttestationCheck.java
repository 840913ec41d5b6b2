package io.dmkit.emulator.internal.dps;

import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.transport.azure.protocol.SasToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * DPS's decision on who a registering device is. An individual enrollment of the registration id comes
 * first (as in DPS, it overrides any group); else the groups of the device's attestation type are
 * tried. Symmetric key: the SAS token must name {@code {idScope}/registrations/{registrationId}}
 * (without regard to case), be unexpired, name no policy but {@code registration} (Microsoft's Java
 * SDK sends an empty {@code skn=}) and be signed with the enrollment's primary or secondary key, or
 * with a group key's derived key. X.509: the certificate's CN must be the registration id, and be the
 * enrollment's certificate, or be signed by a group's signing CA (TLS has already verified the chain
 * up to the emulator's CA).
 *
 * <p>Outcomes: 401 for a token or certificate that does not prove the enrollment it names; 404 when no
 * enrollment of the registration id exists and no group takes the device. A disabled enrollment is
 * still attested: DPS tells the device so in the operation's status.
 */
final class AttestationCheck {

    private final ProvisioningStore store;
    private final Clock clock;

    AttestationCheck(ProvisioningStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Verdict check(String registrationId, DpsCredentials credentials) {
        if (credentials.hasPassword()) {
            return checkToken(registrationId, credentials);
        }
        if (credentials.certificate().isPresent()) {
            return checkCertificate(registrationId, credentials.certificate().get());
        }
        return refused(DpsError.UNAUTHORIZED, null, "'" + registrationId
                + "' sent neither a SAS token (password) nor a client certificate");
    }

    private Verdict checkToken(String registrationId, DpsCredentials credentials) {
        if (credentials.tokenProblem().isPresent()) {
            return refused(DpsError.UNAUTHORIZED, null, "'" + registrationId + "': " + credentials.tokenProblem().get());
        }
        SasToken token = credentials.token().orElseThrow();
        String resource = DpsUserName.tokenResource(store.idScope(), registrationId);
        if (!token.namesResource(resource)) {
            return refused(DpsError.UNAUTHORIZED, null, "the SAS token of '" + registrationId + "' is for '"
                    + token.resource() + "', not '" + resource + "'");
        }
        if (!clock.instant().isBefore(token.expiry())) {
            return refused(DpsError.UNAUTHORIZED, null, "the SAS token of '" + registrationId + "' expired at "
                    + token.expiry());
        }
        Optional<String> policy = token.policy().filter(p -> !p.isEmpty() && !p.equalsIgnoreCase("registration"));
        if (policy.isPresent()) {
            return refused(DpsError.UNAUTHORIZED, null, "the SAS token of '" + registrationId + "' names the policy '"
                    + policy.get() + "'; devices sign with skn=registration");
        }
        Optional<Enrollment> individual = store.enrollment(registrationId);
        if (individual.isPresent()) {
            Enrollment enrollment = individual.get();
            if (enrollment.type() != AttestationType.SYMMETRIC_KEY) {
                return refused(DpsError.UNAUTHORIZED, "individual", "the enrollment of '" + registrationId
                        + "' uses X.509: connect with its certificate, not a SAS token");
            }
            for (String key : keys(enrollment.primaryKey(), enrollment.secondaryKey())) {
                if (token.signedWith(key)) {
                    return attested(enrollment, key, null);
                }
            }
            return refused(DpsError.UNAUTHORIZED, "individual", "the SAS token of '" + registrationId
                    + "' has a wrong signature: sign it with the enrollment's primary or secondary key");
        }
        List<EnrollmentGroup> groups = groups(AttestationType.SYMMETRIC_KEY);
        for (EnrollmentGroup group : groups) {
            for (String groupKey : keys(group.primaryKey(), group.secondaryKey())) {
                String derived = SasToken.derivedKey(groupKey, registrationId);
                if (token.signedWith(derived)) {
                    return attested(group, registrationId, derived, null);
                }
            }
        }
        return refused(DpsError.ENROLLMENT_NOT_FOUND, null, "no enrollment of '" + registrationId + "', and the SAS"
                + " token is not signed with the derived key of any of the " + groups.size()
                + " symmetric-key group(s)");
    }

    private Verdict checkCertificate(String registrationId, X509Certificate certificate) {
        Optional<String> commonName = commonName(certificate);
        if (commonName.isEmpty() || !commonName.get().equalsIgnoreCase(registrationId)) {
            return refused(DpsError.UNAUTHORIZED, null, "the client certificate's CN is '" + commonName.orElse("")
                    + "', not the registration id '" + registrationId + "'");
        }
        String thumbprint = Thumbprints.sha256(certificate);
        Optional<Enrollment> individual = store.enrollment(registrationId);
        if (individual.isPresent()) {
            Enrollment enrollment = individual.get();
            if (enrollment.type() != AttestationType.X509) {
                return refused(DpsError.UNAUTHORIZED, "individual", "the enrollment of '" + registrationId
                        + "' uses a symmetric key: send a SAS token as the password");
            }
            if (!thumbprint.equals(enrollment.thumbprint())) {
                return refused(DpsError.UNAUTHORIZED, "individual", "the client certificate (SHA-256 " + thumbprint
                        + ") is not the one of the enrollment of '" + registrationId + "'");
            }
            return attested(enrollment, null, thumbprint);
        }
        List<EnrollmentGroup> groups = groups(AttestationType.X509);
        for (EnrollmentGroup group : groups) {
            if (signedBy(certificate, group)) {
                return attested(group, registrationId, null, thumbprint);
            }
        }
        return refused(DpsError.ENROLLMENT_NOT_FOUND, null, "no enrollment of '" + registrationId + "', and the"
                + " certificate is not signed by the CA of any of the " + groups.size() + " X.509 group(s)");
    }

    private List<EnrollmentGroup> groups(AttestationType type) {
        return store.groups().stream().filter(group -> group.type() == type).toList();
    }

    /** Whether the group's signing CA issued {@code certificate}: its name and its signature. */
    private static boolean signedBy(X509Certificate certificate, EnrollmentGroup group) {
        try (InputStream in = Files.newInputStream(group.caCertificateFile())) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                return false;
            }
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            return name.getRdns().stream().filter(rdn -> rdn.getType().toUpperCase(Locale.ROOT).equals("CN"))
                    .map(Rdn::getValue).map(Object::toString).reduce((first, last) -> last);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static List<String> keys(String primary, String secondary) {
        return secondary == null ? List.of(primary) : List.of(primary, secondary);
    }

    private static Attested attested(Enrollment enrollment, String key, String thumbprint) {
        return new Attested(enrollment.registrationId(), "individual", enrollment.enabled(), enrollment.deviceId(),
                enrollment.payloadJson(), enrollment.type(), key, thumbprint, enrollment.certificateFile(),
                enrollment.privateKeyFile());
    }

    /** A group's device: its id is the registration id; its certificate's files are the device's own. */
    private static Attested attested(EnrollmentGroup group, String registrationId, String key, String thumbprint) {
        return new Attested(registrationId, "group:" + group.groupId(), group.enabled(), registrationId,
                group.payloadJson(), group.type(), key, thumbprint, null, null);
    }

    private static Refused refused(DpsError error, String enrollment, String reason) {
        return new Refused(error, enrollment, reason);
    }
}
