package org.iokit4j.kernel.bundle;

import java.net.URI;

/**
 * A driver bundle that cannot be loaded: a missing or unreadable file, a broken property list, or a
 * required key that is missing or of the wrong type.
 *
 * <p>The message names the file, where it was found, and what is wrong in words, e.g.
 * {@code META-INF/driverkit/Info.plist at jar:file:/x.jar!/META-INF/driverkit/Info.plist: personality
 * "MyDriver" has no IOUserClass: every DriverKit personality names the Java class to instantiate}.
 */
public final class BundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Where the bundle file was (or would have been) found, or {@code null}. */
    private final URI location;
    /** What is wrong with it, in words. */
    private final String problem;

    /**
     * Describes a problem with one bundle file.
     *
     * @param resource the file as the loader looked it up, e.g. {@code META-INF/driverkit/Info.plist}.
     * @param location where it was (or would have been) found, or null if it was not found at all.
     * @param problem  what is wrong, in words, naming the key at fault.
     * @param cause    the underlying parser or I/O failure, or null.
     */
    public BundleException(String resource, URI location, String problem, Throwable cause) {
        super(resource + (location == null ? "" : " at " + location) + ": " + problem, cause);
        this.location = location;
        this.problem = problem;
    }

    /** {@return the file at fault, or null when it was not found on the class path} */
    public URI location() {
        return location;
    }

    /** {@return what is wrong, without the file's name and location} */
    public String problem() {
        return problem;
    }
}
