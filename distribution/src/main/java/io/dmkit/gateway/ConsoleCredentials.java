package io.dmkit.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may log in to the Web Console. Taken from the command line, else from the environment
 * ({@value #USER_ENV}, {@value #PASSWORD_ENV}), else the Web Console's well-known default, which the
 * gateway then warns about loudly at every start. The password never leaves this object except as
 * the Web Console's salted hash ({@link WebConsolePasswordHash}).
 */
public final class ConsoleCredentials {

    public static final String USER_ENV = "DMKIT_CONSOLE_USER";
    public static final String PASSWORD_ENV = "DMKIT_CONSOLE_PASSWORD";
    public static final String DEFAULT_USER = "admin";
    /** The Felix Web Console's own default: public knowledge, hence the warning. */
    static final String DEFAULT_PASSWORD = "admin";

    private final String user;
    private final String password;
    private final boolean defaultPassword;

    private ConsoleCredentials(String user, String password, boolean defaultPassword) {
        this.user = user;
        this.password = password;
        this.defaultPassword = defaultPassword;
    }

    /**
     * Flags win over the environment; an empty environment variable counts as unset.
     *
     * @throws IllegalArgumentException for a user name with characters HTTP Basic cannot carry
     */
    public static ConsoleCredentials resolve(Optional<String> userFlag, Optional<String> passwordFlag,
            Map<String, String> environment) {
        String user = userFlag.or(() -> nonEmpty(environment.get(USER_ENV))).orElse(DEFAULT_USER);
        if (user.contains(":") || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the Web Console user name must not contain ':' or control characters");
        }
        Optional<String> password = passwordFlag.or(() -> nonEmpty(environment.get(PASSWORD_ENV)));
        return new ConsoleCredentials(user, password.orElse(DEFAULT_PASSWORD), password.isEmpty());
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    public String user() {
        return user;
    }

    /** Whether nobody chose a password: the console then answers to the well-known default. */
    public boolean isDefaultPassword() {
        return defaultPassword;
    }

    /** The password as the Web Console stores it: salted and hashed, never in clear text. */
    public String passwordHash() {
        return WebConsolePasswordHash.hash(password);
    }

    /** For the tests of the launcher only: the HTTP Basic header value. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The lines printed at every start while the default password is in use. Loud on purpose: anyone
     * who can reach the console's port on this machine can install code in the gateway.
     */
    public List<String> warning(int consolePort) {
        if (!defaultPassword) {
            return List.of();
        }
        String bar = "*".repeat(96);
        return List.of(bar,
                "*  WARNING: the Web Console accepts the well-known default login (user '" + user + "', password '"
                        + DEFAULT_PASSWORD + "').",
                "*  Anyone who can reach 127.0.0.1:" + consolePort + " on this machine can install and run code in "
                        + "this gateway.",
                "*  Set a password: DMKIT_CONSOLE_PASSWORD=... (and DMKIT_CONSOLE_USER=...) ./gateway, or "
                        + "--console-password.",
                bar);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ConsoleCredentials[user=" + user + (defaultPassword ? ", default password" : "") + "]";
    }
}
