package org.iokit4j.kerneld;

/**
 * Why the daemon will not start: a missing or malformed {@code --entitlements} file, a {@code --dext} that is not a
 * dext, a socket directory another user could reach, another daemon already serving, no connection handler. The
 * message is one line naming the path and what is wrong; {@code kerneld} prints it on standard error and exits
 * with status {@value #EXIT_STATUS}.
 */
public final class StartRefused extends Exception {
    /** The daemon's exit status when it refuses to start, as for a usage error: {@value}. */
    public static final int EXIT_STATUS = 2;

    private static final long serialVersionUID = 1L;

    /**
     * A refusal explained by {@code reason} (one line: what, where, and what to do).
     *
     * @param reason why, in words.
     */
    public StartRefused(String reason) {
        super(reason);
    }

    /**
     * A refusal explained by {@code reason}, caused by {@code cause}.
     *
     * @param reason why, in words.
     * @param cause  what caused it.
     */
    public StartRefused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
