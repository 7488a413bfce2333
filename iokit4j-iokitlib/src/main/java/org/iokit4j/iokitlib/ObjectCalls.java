package org.iokit4j.iokitlib;

import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mig.Caller;

/**
 * The object functions' client half: what IOKitUser's IOKitLib.c does around each routine (references through
 * {@code mach_port_mod_refs}, the {@code IOClassNameOverride} property, neutral values on failure).
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class ObjectCalls {
    /** {@code kIOClassNameOverrideKey} (XNU iokit/IOKit/IOKitKeysPrivate.h): a class name an entry shows instead. */
    static final String kIOClassNameOverrideKey = "IOClassNameOverride";

    private ObjectCalls() {
    }

    /**
     * {@code IOObjectRetain}: {@code mach_port_mod_refs(SEND, +1)}, and for a dead name, whose send right became a
     * dead name, {@code mach_port_mod_refs(DEAD_NAME, +1)} (IOKitLib.c retries on {@code KERN_INVALID_RIGHT}).
     */
    static int retain(int object) {
        final Caller caller = Caller.current();
        int code = caller.kernel().portModRefs(caller.task(), object, IpcSpace.MACH_PORT_RIGHT_SEND, 1);
        if (code == IOReturn.KERN_INVALID_RIGHT) {
            code = caller.kernel().portModRefs(caller.task(), object, IpcSpace.MACH_PORT_RIGHT_DEAD_NAME, 1);
        }
        return code == IOReturn.kIOReturnSuccess ? code : refsFailed("IOObjectRetain", "object", object, +1, code);
    }

    /**
     * Records why {@code mach_port_mod_refs(name, …, delta)} answered {@code code} and {@return the code}.
     */
    static int refsFailed(String function, String parameter, int name, int delta, int code) {
        final Caller caller = Caller.current();
        final int type = code == IOReturn.KERN_INVALID_RIGHT ? caller.kernel().portType(caller.task(), name) : 0;
        final String why = switch (code) {
            case IOReturn.KERN_INVALID_NAME -> "is not a name this task holds (released already, never obtained, or"
                    + " from another task)";
            case IOReturn.KERN_INVALID_RIGHT -> (type & IpcSpace.MACH_PORT_TYPE_DEAD_NAME) != 0
                    ? "is a dead name (what it named went away, e.g. a closed connection): it holds no send right;"
                    + " release it with IOObjectRelease"
                    : "holds no send right (a receive right: a notification port's Mach port)";
            case IOReturn.KERN_INVALID_VALUE -> "holds fewer user references than the " + -delta + " taken (XNU"
                    + " ipc_right_delta: MACH_PORT_UREFS_UNDERFLOW)";
            case IOReturn.KERN_INVALID_CAPABILITY -> "is mach_task_self(), whose last reference is pinned (XNU"
                    + " ipc_right_delta)";
            default -> "was refused by Mach";
        };
        return Diagnostics.fail(function, Failure.of(code, "%s=0x%08X %s; mach_port_mod_refs(delta=%+d) answered %s",
                parameter, name, why, delta, IOReturn.name(code)));
    }

    /**
     * {@code IOObjectConformsTo}: {@code io_object_conforms_to}, false on failure; then, if it does not conform, the
     * entry's {@code IOClassNameOverride} property compared with {@code className} (IOKitLib.c
     * {@code _IOObjectConformsTo}).
     */
    static boolean conformsTo(int object, String className) {
        if (className == null) {
            ServiceCalls.checkedKernelCall("IOObjectConformsTo", Failure.of(IOReturn.kIOReturnBadArgument,
                    "className is null (C would read through NULL): name the class to test against"));
            return false;
        }
        final Caller caller = Caller.current();
        final boolean[] conforms = new boolean[1];
        final Failure failure = caller.kernel().objectConformsTo(caller.task(), object, className, conforms);
        if (failure != null) {
            Diagnostics.fail("IOObjectConformsTo", failure);
        }
        return conforms[0] && failure == null || className.equals(classNameOverride(caller, object));
    }

    /**
     * {@code IOObjectGetClass}: the entry's {@code IOClassNameOverride} property if it is a string, else
     * {@code io_object_get_class} (IOKitLib.c {@code _IOObjectGetClass}, options 0).
     */
    static int getClass(int object, String[] className) {
        final Failure out = OutParameter.check(className, "className", "String[1]", "the class name");
        if (out != null) {
            return Diagnostics.fail("IOObjectGetClass", out);
        }
        final Caller caller = Caller.current();
        final String override = classNameOverride(caller, object);
        if (override != null) {
            className[0] = override;
            return IOReturn.kIOReturnSuccess;
        }
        return ServiceCalls.checkedKernelCall("IOObjectGetClass",
                caller.kernel().objectGetClass(caller.task(), object, className));
    }

    /**
     * {@code IOObjectCopyClass}: as {@link #getClass}; {@code null} for {@code IO_OBJECT_NULL} or a failure
     * (IOKitLib.c {@code _IOObjectCopyClass}).
     */
    static String copyClass(int object) {
        if (object == 0) {
            Diagnostics.fail("IOObjectCopyClass", Failure.of(IOReturn.kIOReturnBadArgument, "object is"
                    + " IO_OBJECT_NULL: IOObjectCopyClass returns NULL for it (IOKitLib.c)"));
            return null;
        }
        final Caller caller = Caller.current();
        final String override = classNameOverride(caller, object);
        if (override != null) {
            return override;
        }
        final String[] name = new String[1];
        final Failure failure = caller.kernel().objectGetClass(caller.task(), object, name);
        if (failure != null) {
            Diagnostics.fail("IOObjectCopyClass", failure);
            return null;
        }
        return name[0];
    }

    /** {@return the entry's {@code IOClassNameOverride} if it is a string, else {@code null}} Failures are silent. */
    private static String classNameOverride(Caller caller, int object) {
        final Object[] value = new Object[1];
        final Failure failure = caller.kernel().registryEntryGetProperty(caller.task(), object,
                kIOClassNameOverrideKey, value);
        return failure == null && value[0] instanceof String override ? override : null;
    }

    /** {@code IOObjectCopySuperclassForClass} and {@code IOObjectCopyBundleIdentifierForClass}: null on failure. */
    static String copyForClass(String function, String className, boolean superclass) {
        if (className == null) {
            Diagnostics.fail(function, Failure.of(IOReturn.kIOReturnBadArgument, "classname is NULL: %s returns NULL"
                    + " for it (IOKitLib.c)", function));
            return null;
        }
        final Caller caller = Caller.current();
        final String[] found = new String[1];
        final Failure failure = superclass ? caller.kernel().objectGetSuperclass(caller.task(), className, found)
                : caller.kernel().objectGetBundleIdentifier(caller.task(), className, found);
        if (failure != null) {
            Diagnostics.fail(function, failure);
            return null;
        }
        return found[0];
    }

    /** {@code IOObjectGetKernelRetainCount}: {@code io_object_get_retain_count}, 0 on failure. */
    static int kernelRetainCount(String function, int object) {
        final Caller caller = Caller.current();
        final int[] count = new int[1];
        final Failure failure = caller.kernel().objectGetRetainCount(caller.task(), object, count);
        if (failure != null) {
            Diagnostics.fail(function, failure);
            return 0;
        }
        return count[0];
    }

    /**
     * {@code IOObjectGetUserRetainCount}: {@code mach_port_get_refs(SEND)}, which answers 1 for
     * {@code MACH_PORT_NULL} and {@code MACH_PORT_DEAD} (XNU {@code mach_port_get_refs}: {@code !MACH_PORT_VALID}),
     * 0 for a name holding no send right (a dead name, a receive right), and 0 with {@code KERN_INVALID_NAME} for a
     * name the task does not hold.
     */
    static int userRetainCount(int object) {
        if (object == 0 || object == -1) {
            return 1;
        }
        final Caller caller = Caller.current();
        final int type = caller.kernel().portType(caller.task(), object);
        if (type == 0) {
            Diagnostics.fail("IOObjectGetUserRetainCount", Failure.of(IOReturn.KERN_INVALID_NAME, "object=0x%08X is"
                    + " not a name this task holds: mach_port_get_refs answered KERN_INVALID_NAME", object));
            return 0;
        }
        return (type & IpcSpace.MACH_PORT_TYPE_SEND) == 0 ? 0 : caller.kernel().portSendRefs(caller.task(), object);
    }

    /** {@code IOIteratorIsValid}: {@code io_iterator_is_valid}, false on failure. */
    static boolean iteratorIsValid(int iterator) {
        final Caller caller = Caller.current();
        final boolean[] valid = new boolean[1];
        final Failure failure = caller.kernel().iteratorIsValid(caller.task(), iterator, valid);
        if (failure != null) {
            Diagnostics.fail("IOIteratorIsValid", failure);
            return false;
        }
        return valid[0];
    }
}
