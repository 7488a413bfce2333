package org.iokit4j.driverkit;

/**
 * The common type of DriverKit's containers: {@link OSString}, {@link OSNumber}, {@link OSBoolean}, {@link OSData} and
 * the collections ({@link OSArray}, {@link OSDictionary}) — the values a property can hold.
 *
 * <p>In DriverKit, {@code class OSContainer : public OSObject} is the base of those classes (the SDK's
 * {@code OSContainer.iig}; in the kernel, xnu's {@code iokit/DriverKit/OSObject.iig} makes it a typedef of
 * {@code OSObject}). Only this package's containers extend it: a property value is always one of them.
 *
 * <p>{@link #toString()} prints a container the way {@code ioreg} prints a property value: strings quoted,
 * numbers in decimal, booleans {@code Yes}/{@code No}, data as hexadecimal in angle brackets, arrays in
 * parentheses and dictionaries in braces ({@code {"key"=value,…}}); a collection that contains itself prints
 * {@code <cycle>} where it recurs.
 *
 * <p><b>Concurrency.</b> As in DriverKit, the mutable containers ({@link OSData} and the collections) provide no
 * concurrency protection: use one from one thread or queue at a time, or synchronise around it. {@link OSString},
 * {@link OSNumber} and {@link OSBoolean} are immutable.
 */
public abstract class OSContainer extends OSObject {

    /** Only this package's containers extend this class. */
    OSContainer() {
    }

    /**
     * Appends this container's {@code ioreg}-style text.
     *
     * @param out where the text goes
     * @param onPath the collections being printed around this one (a member that is one of them is a cycle)
     */
    abstract void describeTo(StringBuilder out, java.util.Set<OSObject> onPath);

    @Override
    public final String toString() {
        final StringBuilder out = new StringBuilder();
        describeTo(out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out.toString();
    }

    /** Appends any member's text: a container's own form, anything else its {@code toString()}. */
    static void describeMember(OSObject member, StringBuilder out, java.util.Set<OSObject> onPath) {
        if (member instanceof OSContainer container) {
            container.describeTo(out, onPath);
        } else {
            out.append(member);
        }
    }
}
