package org.iokit4j.iokitlib;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.Caller;

/**
 * The registry functions' one implementation (IOKitUser IOKitLib.c), behind {@link RegistryFunctions}: the checks C
 * makes before a routine is sent (or where C would crash, {@code kIOReturnBadArgument}), the kernel's routine, and
 * the failure recorded as the thread's last failure.
 *
 * <p><b>Concurrency.</b> Stateless; any thread may call.
 */
final class RegistryCalls {
    /** What MIG copies of an {@code io_string_t} (512 bytes with the NUL): longer paths are cut, as its stub cuts. */
    static final int IO_STRING_BYTES = 511;

    private RegistryCalls() {
    }

    static int rootEntry(int mainPort) {
        final Caller caller = Caller.current();
        final int[] root = new int[1];
        Failure failure = ServiceCalls.checkMainPort(caller, mainPort);
        if (failure == null) {
            failure = caller.kernel().registryGetRootEntry(caller.task(), root);
        }
        return entryOrZero("IORegistryGetRootEntry", failure, root[0]);
    }

    static int fromPath(int mainPort, String path) {
        final Caller caller = Caller.current();
        final int[] entry = new int[1];
        Failure failure = path == null ? nullArgument("path", "a path such as \"IOService:/IOUserResources\"",
                "C would hand NULL to MIG, which reads it")
                : ServiceCalls.checkMainPort(caller, mainPort);
        if (failure == null) {
            failure = caller.kernel().registryEntryFromPath(caller.task(), clip(path), entry);
        }
        return entryOrZero("IORegistryEntryFromPath", failure, entry[0]);
    }

    static int getPath(int entry, String plane, String[] path) {
        Failure failure = OutParameter.check(path, "path", "String[1]", "the path (io_string_t)");
        if (failure == null) {
            failure = plane == null ? nullPlane() : kernel(k -> k.kernel().registryEntryGetPath(k.task(), entry,
                    plane, path));
        }
        return code("IORegistryEntryGetPath", failure);
    }

    /** Name or location in a plane: IOKitLib sends {@code ""} (no plane) for a NULL plane. */
    static int nameOrLocation(String function, int entry, String plane, String[] out, boolean location) {
        final Failure failure = OutParameter.check(out, location ? "location" : "name", "String[1]",
                location ? "the location (io_name_t)" : "the name (io_name_t)");
        if (failure != null) {
            return code(function, failure);
        }
        final String sent = plane == null ? "" : plane;
        return code(function, kernel(k -> location
                ? k.kernel().registryEntryGetLocationInPlane(k.task(), entry, sent, out)
                : k.kernel().registryEntryGetNameInPlane(k.task(), entry, sent, out)));
    }

    static int linkIterator(String function, int entry, String plane, boolean parents, int[] iterator) {
        Failure failure = OutParameter.check(iterator, "iterator", "int[1]", "the iterator");
        if (failure == null) {
            failure = plane == null ? nullPlane() : kernel(k -> parents
                    ? k.kernel().registryEntryGetParentIterator(k.task(), entry, plane, iterator)
                    : k.kernel().registryEntryGetChildIterator(k.task(), entry, plane, iterator));
        }
        return code(function, failure);
    }

    /**
     * {@code IORegistryEntryGetParentEntry} / {@code GetChildEntry}: the link iterator's first entry, the iterator
     * released; none is {@code kIOReturnNoDevice}.
     */
    static int linkEntry(String function, int entry, String plane, boolean parents, int[] linked) {
        final Failure out = OutParameter.check(linked, parents ? "parent" : "child", "int[1]",
                parents ? "the parent" : "the child");
        if (out != null) {
            return code(function, out);
        }
        final int[] iterator = new int[1];
        final int code = linkIterator(function, entry, plane, parents, iterator);
        if (code != IOReturn.kIOReturnSuccess) {
            return code;
        }
        final Caller caller = Caller.current();
        final int[] first = new int[1];
        final Failure next = iterator[0] == 0 ? null : caller.kernel().iteratorNext(caller.task(), iterator[0], first);
        if (iterator[0] != 0) {
            caller.deallocate(iterator[0]);
        }
        linked[0] = next == null ? first[0] : 0;
        if (linked[0] != 0) {
            return IOReturn.kIOReturnSuccess;
        }
        return code(function, Failure.of(IOReturn.kIOReturnNoDevice, "entry=0x%08X has no %s in plane=\"%s\"%s",
                entry, parents ? "parent" : "child", plane, iterator[0] == 0 ? " (the kernel has no such plane, so"
                        + " there was no iterator to take one from)" : next == null ? "" : ": " + next.explanation()));
    }

    static int createIterator(int mainPort, String plane, int options, int[] iterator) {
        final Caller caller = Caller.current();
        Failure failure = ServiceCalls.checkMainPort(caller, mainPort);
        if (failure == null) {
            failure = OutParameter.check(iterator, "iterator", "int[1]", "the iterator");
        }
        if (failure == null) {
            failure = plane == null ? nullPlane() : caller.kernel().registryCreateIterator(caller.task(), plane,
                    options, iterator);
        }
        return code("IORegistryCreateIterator", failure);
    }

    static int entryCreateIterator(int entry, String plane, int options, int[] iterator) {
        Failure failure = OutParameter.check(iterator, "iterator", "int[1]", "the iterator");
        if (failure == null) {
            failure = plane == null ? nullPlane() : kernel(k -> k.kernel().registryEntryCreateIterator(k.task(),
                    entry, plane, options, iterator));
        }
        return code("IORegistryEntryCreateIterator", failure);
    }

    static int enterOrExit(int iterator, boolean enter) {
        return code(enter ? "IORegistryIteratorEnterEntry" : "IORegistryIteratorExitEntry", kernel(k -> enter
                ? k.kernel().registryIteratorEnterEntry(k.task(), iterator)
                : k.kernel().registryIteratorExitEntry(k.task(), iterator)));
    }

    static boolean inPlane(int entry, String plane) {
        final boolean[] inPlane = new boolean[1];
        final Failure failure = plane == null ? nullPlane() : kernel(k -> k.kernel().registryEntryInPlane(k.task(),
                entry, plane, inPlane));
        if (failure != null) {
            Diagnostics.fail("IORegistryEntryInPlane", failure);
            return false;
        }
        return inPlane[0];
    }

    /**
     * {@code IORegistryEntrySearchCFProperty}: without {@code kIORegistryIterateRecursively} the plane is not sent
     * (IOKitLib sends {@code ""}), so it may be {@code null}; with it, C sends the plane and cannot send NULL.
     */
    static Object search(int entry, String plane, String key, int options) {
        final boolean recursive = (options & RegistryFunctions.kIORegistryIterateRecursively) != 0;
        final String sent = recursive ? plane : "";
        final Object[] value = new Object[1];
        final Failure failure = key == null ? nullArgument("key", "a property name",
                "C's IOKitLib would read NULL with CFStringGetCStringPtr") : sent == null ? nullPlane()
                : kernel(k -> k.kernel().registryEntrySearchProperty(k.task(), entry, sent, key, options, value));
        if (failure != null) {
            Diagnostics.fail("IORegistryEntrySearchCFProperty", failure);
            return null;
        }
        return value[0];
    }

    static int matchPropertyTable(int service, Map<String, Object> matching, boolean[] matches) {
        Failure failure = matching == null ? Failure.of(IOReturn.kIOReturnBadArgument, "matching is null: there is no"
                + " dictionary to match against (IOKitLib answers kIOReturnBadArgument)") : null;
        if (failure == null) {
            failure = OutParameter.check(matches, "matches", "boolean[1]", "whether the service matches");
        }
        if (failure == null) {
            failure = kernel(k -> k.kernel().serviceMatchPropertyTable(k.task(), service, matching, matches));
        }
        return code("IOServiceMatchPropertyTable", failure);
    }

    /** A routine of the calling task's kernel. */
    @FunctionalInterface
    private interface Routine {
        Failure call(Caller caller);
    }

    private static Failure kernel(Routine routine) {
        return routine.call(Caller.current());
    }

    private static int entryOrZero(String function, Failure failure, int entry) {
        if (failure != null) {
            Diagnostics.fail(function, failure);
            return 0;
        }
        return entry;
    }

    private static int code(String function, Failure failure) {
        return failure == null ? IOReturn.kIOReturnSuccess : Diagnostics.fail(function, failure);
    }

    private static Failure nullPlane() {
        return nullArgument("plane", "a plane's name, e.g. kIOServicePlane (\"IOService\")",
                "C would hand NULL to MIG, which reads it");
    }

    private static Failure nullArgument(String name, String expected, String inC) {
        return Failure.of(IOReturn.kIOReturnBadArgument, "%s is null: pass %s (%s)", name, expected, inC);
    }

    /** {@return {@code path} as MIG's stub copies it into an {@code io_string_t}: its first 511 bytes} */
    private static String clip(String path) {
        final byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= IO_STRING_BYTES ? path : new String(utf8, 0, IO_STRING_BYTES, StandardCharsets.UTF_8);
    }
}
