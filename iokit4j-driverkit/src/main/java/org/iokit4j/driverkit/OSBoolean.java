package org.iokit4j.driverkit;

/**
 * A true or false value, DriverKit's {@code OSBoolean}: exactly two instances exist, {@link #kOSBooleanTrue} and
 * {@link #kOSBooleanFalse}, so a test reads {@code value == kOSBooleanTrue} as in C.
 *
 * <p>Retaining and releasing them does nothing ({@code OSBoolean::taggedRetain}/{@code taggedRelease} are empty in
 * libkern/c++/OSBoolean.cpp; DriverKit's header: "does not need to be retained or released (but it can be)"), so
 * they are never freed: {@link #getRetainCount()} stays 1 and {@link #free()} is ignored ("we must catch and
 * ignore" an over-release, {@code OSBoolean::free}).
 *
 * <p><b>Concurrency.</b> Immutable; safe to share.
 */
public final class OSBoolean extends OSContainer {
    /** The OSBoolean for {@code true}. */
    public static final OSBoolean kOSBooleanTrue = new OSBoolean(true);

    /** The OSBoolean for {@code false}. */
    public static final OSBoolean kOSBooleanFalse = new OSBoolean(false);

    private final boolean value;

    private OSBoolean(boolean value) {
        this.value = value;
    }

    /**
     * Returns the instance for a value ({@code OSBoolean::withBoolean}); nothing is made.
     *
     * @param value the value
     * @return {@link #kOSBooleanTrue} or {@link #kOSBooleanFalse}
     */
    public static OSBoolean withBoolean(boolean value) {
        return value ? kOSBooleanTrue : kOSBooleanFalse;
    }

    /** {@return whether this is {@link #kOSBooleanTrue} ({@code OSBoolean::isTrue})} */
    public boolean isTrue() {
        return value;
    }

    /** {@return whether this is {@link #kOSBooleanFalse} ({@code OSBoolean::isFalse})} */
    public boolean isFalse() {
        return !value;
    }

    /** {@return the value ({@code OSBoolean::getValue})} */
    public boolean getValue() {
        return value;
    }

    /** Does nothing: the two instances live for ever. */
    @Override
    public void retain() {
    }

    /** Does nothing: the two instances live for ever. */
    @Override
    public void release() {
    }

    @Override
    boolean tryRetain() {
        return true;
    }

    /** Ignored: an OSBoolean is never freed. */
    @Override
    public void free() {
    }

    /** Equal only to the same instance ({@code OSBoolean::isEqualTo}: {@code boolean == this}). */
    @Override
    public boolean isEqualTo(OSObject anObject) {
        return anObject == this;
    }

    @Override
    void describeTo(StringBuilder out, java.util.Set<OSObject> onPath) {
        out.append(value ? "Yes" : "No");
    }
}
