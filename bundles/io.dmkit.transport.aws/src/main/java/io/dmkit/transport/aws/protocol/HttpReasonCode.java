package io.dmkit.transport.aws.protocol;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dmkit's convention for the exact HTTP-like status of a command execution: the reason code
 * {@code HTTP_<status>} in the response's {@code statusReason} (AWS allows {@code [A-Z0-9_-]{1,64}}
 * there), since AWS's execution statuses are only SUCCEEDED, FAILED, REJECTED and TIMED_OUT.
 */
public final class HttpReasonCode {

    /** What AWS accepts as a reason code. */
    public static final Pattern REASON_CODE = Pattern.compile("[A-Z0-9_-]{1,64}");
    private static final Pattern HTTP = Pattern.compile("HTTP_([1-5][0-9]{2})");

    private HttpReasonCode() {
    }

    /** {@code HTTP_504} for 504. */
    public static String of(int status) {
        return "HTTP_" + status;
    }

    /** The status in a reason code {@code HTTP_<100..599>}; empty for any other reason code. */
    public static OptionalInt parse(String reasonCode) {
        Matcher m = HTTP.matcher(reasonCode);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
