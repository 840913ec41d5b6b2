package io.dmkit.provisioning.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedFilesTest {

    @TempDir
    Path dir;

    @Test
    void theCertificateAndTheKeyAreWrittenOwnerOnly() throws Exception {
        Path session = dir.resolve("provisioning/line-1");
        IssuedFiles.Written written = new IssuedFiles(session).write("CERT PEM", "KEY PEM");
        assertThat(written.certificate()).isEqualTo(session.resolve(IssuedFiles.CERTIFICATE).toAbsolutePath());
        assertThat(written.privateKey()).isEqualTo(session.resolve(IssuedFiles.PRIVATE_KEY).toAbsolutePath());
        assertThat(Files.readString(written.certificate(), StandardCharsets.US_ASCII)).isEqualTo("CERT PEM");
        assertThat(Files.readString(written.privateKey(), StandardCharsets.US_ASCII)).isEqualTo("KEY PEM");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.certificate())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rwx------");
    }

    @Test
    void aNewIdentityReplacesBothFilesWhole() throws Exception {
        IssuedFiles files = new IssuedFiles(dir);
        files.write("old cert", "old key");
        IssuedFiles.Written written = files.write("new cert", "new key");
        assertThat(Files.readString(written.privateKey(), StandardCharsets.US_ASCII)).isEqualTo("new key");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(IssuedFiles.CERTIFICATE,
                    IssuedFiles.PRIVATE_KEY);
        }
    }
}
