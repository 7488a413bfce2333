package org.iokit4j.driverkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The root of every driver-side class, with DriverKit's reference counting.
 *
 * <p>The runtime makes driver objects with their public no-argument constructor and then calls {@link #init()};
 * {@link #free()} runs once, after the last {@link #release()}. An object is never used after {@code free()}:
 * the runtime stops delivering to it. Override {@code init} and {@code free} as in DriverKit (call super).
 *
 * <p><b>Concurrency.</b> {@code retain}/{@code release} are thread-safe (atomic counts).
 */
public class OSObject {
    private static final VarHandle RETAIN_COUNT;

    static {
        try {
            RETAIN_COUNT = MethodHandles.lookup().findVarHandle(OSObject.class, "retainCount", int.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    /** References held; 0 once freed, -1 after an over-release. A field, not an AtomicInteger: objects are many. */
    private volatile int retainCount = 1;

    /** Creates an object holding one reference, its creator's. */
    public OSObject() {
    }

    /**
     * Initialises the object after construction.
     *
     * @return {@code true} to go on; {@code false} makes creation fail.
     */
    public boolean init() {
        return true;
    }

    /** Tears the object down after its last reference went away. Override to release what it holds. */
    public void free() {
    }

    /** Takes one more reference. */
    public void retain() {
        int before;
        do {
            before = retainCount;
        } while (before > 0 && !RETAIN_COUNT.weakCompareAndSet(this, before, before + 1));
        if (before <= 0) {
            throw new IllegalStateException(getClass().getName() + ".retain() after the object was freed:"
                    + " a freed object cannot be brought back; retain it while you still hold a reference");
        }
    }

    /**
     * Takes one more reference unless the object was freed: the runtime's hold on an object it is about to call.
     *
     * @return whether a reference was taken ({@code false}: the object is freed and must not be called).
     */
    boolean tryRetain() {
        int before;
        do {
            before = retainCount;
        } while (before > 0 && !RETAIN_COUNT.weakCompareAndSet(this, before, before + 1));
        return before > 0;
    }

    /** Gives back one reference; the last one frees the object. */
    public void release() {
        int before;
        do {
            before = retainCount;
        } while (!RETAIN_COUNT.weakCompareAndSet(this, before, before > 0 ? before - 1 : -1));
        final int after = before > 0 ? before - 1 : -1;
        if (after < 0) {
            throw new IllegalStateException(getClass().getName() + ".release() more often than retain():"
                    + " the object was already freed");
        }
        if (after == 0) {
            freeObject();
        }
    }

    /** {@return the current number of references (0 once freed)} */
    public int getRetainCount() {
        return Math.max(0, retainCount);
    }

    /** {@return whether the last reference went away and {@link #free()} ran} */
    public final boolean isFreed() {
        return retainCount <= 0;
    }

    /**
     * Compares this object with another, DriverKit's {@code OSMetaClassBase::isEqualTo}: by default the same object.
     * The containers override it with their content rules ({@code OSString}, {@code OSNumber}, {@code OSData},
     * {@code OSArray}, {@code OSDictionary}: libkern/c++/OS*.cpp {@code isEqualTo}).
     *
     * <p>Java's {@link Object#equals} is left as identity on every driver-side class: the containers are mutable,
     * and a hash-based Java collection would lose them when they change.
     *
     * @param anObject the object to compare with; {@code null} gives {@code false}
     * @return whether the two are equal by the receiver's rule
     */
    public boolean isEqualTo(OSObject anObject) {
        return this == anObject;
    }

    /**
     * DriverKit's {@code OSDynamicCast(type, object)}: {@code object} as a {@code type}, or {@code null} when it is
     * not one. A port of {@code OSDynamicCast(OSString, value)} reads {@code OSDynamicCast(OSString.class, value)}.
     *
     * @param type the class to cast to (never {@code null}: there is no class to test against)
     * @param object anything, {@code null} included (the answer is then {@code null}, as in DriverKit)
     * @param <T> the class
     * @return {@code object} as a {@code T}, or {@code null} when it is {@code null} or not a {@code T}
     * @throws NullPointerException when {@code type} is {@code null}
     */
    public static <T> T OSDynamicCast(Class<T> type, Object object) {
        java.util.Objects.requireNonNull(type, "OSDynamicCast: type=null (name the class to cast to)");
        return type.isInstance(object) ? type.cast(object) : null;
    }

    /** Runs {@link #free()}; a throwing {@code free} is reported, never propagated. */
    void freeObject() {
        try {
            free();
        } catch (Throwable thrown) {
            org.iokit4j.Untrusted.caught(getClass().getName() + ".free()", org.iokit4j.IOReturn.kIOReturnError, thrown);
        }
    }
}
