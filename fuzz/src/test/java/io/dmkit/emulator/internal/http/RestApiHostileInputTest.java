package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.fuzz.Nesting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's REST API given hostile request bodies, against a real emulator over a real socket. The
 * requests are written byte by byte (an HTTP client library would refuse to send some of them): each
 * gets a defined status, 400 or 413, with the reason in {@code {"error":…}}.
 */
class RestApiHostileInputTest {

    private static final String DEVICE = "hostile-1";

    @TempDir
    static Path dir;
    static Emulator emulator;

    @BeforeAll
    static void start() throws IOException {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        emulator.registerDevice(DEVICE, Dialect.THINGSPRO, AuthKind.NONE);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void desiredPatchNestedOneHundredThousandLevelsDeepIs400() throws IOException {
        Answer answer = send("PATCH", "/api/devices/" + DEVICE + "/twin/desired",
                Nesting.objectWithDeepMember("a", Nesting.HOSTILE_DEPTH).getBytes(StandardCharsets.UTF_8));

        answer.assertError(400, "nested deeper");
    }

    @Test
    void commandPayloadNestedOneHundredThousandLevelsDeepIs400() throws IOException {
        Answer answer = send("POST", "/api/devices/" + DEVICE + "/commands/ping",
                Nesting.arrays(Nesting.HOSTILE_DEPTH).getBytes(StandardCharsets.UTF_8));

        answer.assertError(400, "nested deeper");
    }

    @Test
    void registrationThatIsNotUtf8Is400() throws IOException {
        Answer answer = send("PUT", "/api/devices/hostile-2",
                "{\"dialect\":\"thingspro\",\"auth\":{\"type\":\"none\"},\"note\":\"°\"}".getBytes(StandardCharsets.ISO_8859_1));

        answer.assertError(400, "UTF-8");
        assertThat(emulator.device("hostile-2")).isEmpty();
    }

    @Test
    void registrationNamingAMemberTwiceIs400() throws IOException {
        Answer answer = send("PUT", "/api/devices/hostile-3",
                "{\"dialect\":\"thingspro\",\"dialect\":\"aws\",\"auth\":{\"type\":\"none\"}}".getBytes(StandardCharsets.UTF_8));

        answer.assertError(400, "twice");
        assertThat(emulator.device("hostile-3")).isEmpty();
    }

    @Test
    void chunkedBodyOverOneMebibyteWithoutAContentLengthIs413() throws IOException {
        Answer answer = send("PATCH", "/api/devices/" + DEVICE + "/twin/desired", null,
                ("{\"a\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8));

        answer.assertError(413, "1 MiB");
    }

    @Test
    void deviceIdPercentEncodingBytesThatAreNotUtf8Is400() throws IOException {
        Answer answer = send("PUT", "/api/devices/%C3%28", "{}".getBytes(StandardCharsets.UTF_8));

        answer.assertError(400, "UTF-8");
    }

    private static Answer send(String method, String path, byte[] body) throws IOException {
        return send(method, path, body.length, body);
    }

    /** One request on its own connection; {@code contentLength} null sends the body chunked. */
    private static Answer send(String method, String path, Integer contentLength, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emulator.endpoints().httpPort())) {
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\n"
                    + (contentLength == null ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + contentLength + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (contentLength == null) {
                for (int i = 0; i < body.length; i += 65536) {
                    int n = Math.min(65536, body.length - i);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, i, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(body);
            }
            out.flush();
            return Answer.read(socket.getInputStream());
        }
    }

    /** The status and body of an HTTP/1.1 answer read to the end of the connection. */
    private record Answer(int status, String body) {

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4));
            return new Answer(status, text.substring(text.indexOf("\r\n\r\n") + 4));
        }

        void assertError(int expected, String reason) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(body).startsWith("{\"error\":").contains(reason);
        }
    }
}
