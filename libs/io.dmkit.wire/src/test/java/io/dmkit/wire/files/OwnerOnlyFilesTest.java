package io.dmkit.wire.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void directoriesAndFilesAreOwnerOnlyAndWritesReplaceTheWholeFile() throws Exception {
        Path dir = OwnerOnlyFiles.directory(tmp.resolve("a/b"));
        Path file = dir.resolve("secret.json");

        OwnerOnlyFiles.write(file, "one".getBytes(StandardCharsets.UTF_8));
        OwnerOnlyFiles.write(file, "two".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a"))))
                .isEqualTo("rwx------");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void anExistingDirectoryIsMadeOwnerOnly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        OwnerOnlyFiles.directory(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void emptyKeepsTheDirectoryAndDeleteTreeRemovesIt() throws Exception {
        Path dir = OwnerOnlyFiles.directory(tmp.resolve("d"));
        OwnerOnlyFiles.write(dir.resolve("x"), new byte[] {1});
        Files.createDirectory(dir.resolve("sub"));
        OwnerOnlyFiles.write(dir.resolve("sub/y"), new byte[] {2});

        OwnerOnlyFiles.empty(dir);
        assertThat(dir).isEmptyDirectory();

        OwnerOnlyFiles.deleteTree(dir);
        assertThat(dir).doesNotExist();
        OwnerOnlyFiles.deleteTree(dir); // missing is fine
    }
}
