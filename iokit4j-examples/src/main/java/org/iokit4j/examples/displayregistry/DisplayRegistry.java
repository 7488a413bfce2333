package org.iokit4j.examples.displayregistry;

import static org.iokit4j.iokitlib.IOKitLib.IOCFSerialize;
import static org.iokit4j.iokitlib.IOKitLib.IOIteratorNext;
import static org.iokit4j.iokitlib.IOKitLib.IOMasterPort;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectGetClass;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectGetRetainCount;
import static org.iokit4j.iokitlib.IOKitLib.IOObjectRelease;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryCreateCFProperties;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetChildIterator;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryEntryGetName;
import static org.iokit4j.iokitlib.IOKitLib.IORegistryGetRootEntry;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceGetBusyState;
import static org.iokit4j.iokitlib.IOKitLib.MACH_PORT_NULL;
import static org.iokit4j.iokitlib.IOKitLib.kIOReturnSuccess;
import static org.iokit4j.iokitlib.IOKitLib.kIOServicePlane;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.iokit4j.Diagnostics;
import org.iokit4j.iokitlib.CoreFoundation;

/**
 * {@code iodisplayregistry [-p] [-r] [-h] [plane]}: the registry below the root in {@code plane} (default
 * {@code IOService}), one line per entry, {@code -p} without properties, {@code -r} with the root's. Ported from
 * IOKitUser's {@code iodisplayregistry.c} (apple-oss-distributions/IOKitUser at {@code 1a6b2d1}), function by
 * function: {@code main}, {@code traverse}, {@code printEntry}, {@code properties}, {@code indent}.
 *
 * <p>What changes in the port: C's {@code assert(status == kIOReturnSuccess)} becomes an {@link IllegalStateException}
 * carrying iokit4j's explanation of the failure; {@code printf} writes to the stream given to {@link #run}; the
 * property dictionary is a {@code Map} and {@code CFDictionaryApplyFunction} a loop over it.
 *
 * <p><b>Concurrency.</b> Run on one thread.
 */
public final class DisplayRegistry {
    private static final int kNilOptions = 0;
    private static final int kDoPropsOption = 1;
    private static final int kDoRootOption = 2;

    private final PrintStream out;

    private DisplayRegistry(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    /** Runs the tool with {@code argv} (without the program name), printing to {@code out}. */
    public static void run(String[] argv, PrintStream out) {
        // Parse args
        String plane = kIOServicePlane;
        int options = kDoPropsOption;
        for (String arg : argv) {
            if (arg.startsWith("-") && arg.length() > 1) {
                switch (arg.charAt(1)) {
                    case 'h' -> {
                        out.printf("iodisplayregistry [-p] [-r] [-h] [plane]%n");
                        return;
                    }
                    case 'p' -> options &= ~kDoPropsOption;
                    case 'r' -> options |= kDoRootOption;
                    default -> { }
                }
            } else {
                plane = arg;
            }
        }
        // Obtain the I/O Kit communication handle.
        final int[] masterPort = new int[1];
        check(IOMasterPort(MACH_PORT_NULL, masterPort) == kIOReturnSuccess, "IOMasterPort");
        // Obtain the registry root entry.
        final int root = IORegistryGetRootEntry(masterPort[0]);
        check(root != 0, "IORegistryGetRootEntry");
        // Traverse below the root in the plane.
        new DisplayRegistry(out).traverse(options, plane, 0, root, 0, 0);
    }

    private void traverse(int options, String plane, int services, int serviceUpNext, int depth, long stackOfBits) {
        int service;
        // We loop for every service in the list of services provided.
        while ((service = serviceUpNext) != 0) {
            // Obtain the next service entry, if any.
            serviceUpNext = IOIteratorNext(services);
            // Obtain the current service entry's children, if any.
            final int[] children = new int[1];
            check(IORegistryEntryGetChildIterator(service, plane, children) == kIOReturnSuccess,
                    "IORegistryEntryGetChildIterator");
            final int child = IOIteratorNext(children[0]);
            final boolean hasChildren = child != 0;
            // Save has-more-siblings state into stackOfBits for this depth.
            stackOfBits = serviceUpNext != 0 ? stackOfBits | (1L << depth) : stackOfBits & ~(1L << depth);
            // Save has-children state into stackOfBits for this depth.
            stackOfBits = hasChildren ? stackOfBits | (2L << depth) : stackOfBits & ~(2L << depth);
            indent(true, depth, stackOfBits);
            // Print out the name of the service.
            final String[] name = new String[1];
            check(IORegistryEntryGetName(service, name) == kIOReturnSuccess, "IORegistryEntryGetName");
            out.printf("%s", name[0]);
            final boolean doProps = !"Root".equals(name[0]) ? (options & kDoPropsOption) != 0
                    : (options & kDoRootOption) != 0;
            // Print out the class of the service.
            check(IOObjectGetClass(service, name) == kIOReturnSuccess, "IOObjectGetClass");
            out.printf("  <class %s", name[0]);
            final int[] busy = new int[1];
            if (IOServiceGetBusyState(service, busy) == kIOReturnSuccess) {
                out.printf(", busy %d", busy[0]);
            }
            // Print out the retain count of the service.
            out.printf(", retain count %d>%n", IOObjectGetRetainCount(service));
            // Print out the properties of the service.
            if (doProps) {
                properties(service, depth, stackOfBits);
            }
            // Recurse down.
            traverse(options, plane, children[0], child, depth + 1, stackOfBits);
            // Release resources.
            IOObjectRelease(children[0]);
            IOObjectRelease(service);
        }
    }

    private void printEntry(String key, Object value, int depth, long stackOfBits) {
        // IOKit pretty
        indent(false, depth, stackOfBits);
        out.printf("  ");
        out.print(key);
        out.printf(" = ");
        final byte[] data = IOCFSerialize(value, kNilOptions);
        if (data != null) {
            if (10000 > data.length) {
                out.print(cString(data));
            } else {
                out.printf("<is BIG>");
            }
        } else {
            out.printf("<IOCFSerialize failed>");
        }
        out.printf("%n");
    }

    private void properties(int service, int depth, long stackOfBits) {
        // Prepare to print out the service's properties.
        indent(false, depth, stackOfBits);
        out.printf("{%n");
        // Obtain the service's properties.
        @SuppressWarnings("unchecked")
        final Map<String, Object>[] dictionary = new Map[1];
        check(IORegistryEntryCreateCFProperties(service, dictionary, CoreFoundation.kCFAllocatorDefault,
                kNilOptions) == kIOReturnSuccess, "IORegistryEntryCreateCFProperties");
        dictionary[0].forEach((key, value) -> printEntry(key, value, depth, stackOfBits));
        indent(false, depth, stackOfBits);
        out.printf("}%n");
        indent(false, depth, stackOfBits);
        out.printf("%n");
    }

    private void indent(boolean node, int depth, long stackOfBits) {
        // stackOfBits representation, given current depth is n:
        //   bit n+1             = does depth n have children?       1=yes, 0=no
        //   bit [n, .. i .., 0] = does depth i have more siblings?  1=yes, 0=no
        if (node) {
            for (int i = 0; i < depth; i++) {
                out.printf((stackOfBits & (1L << i)) != 0 ? "| " : "  ");
            }
            out.printf("+-o ");
        } else {
            for (int i = 0; i <= depth + 1; i++) {
                out.printf((stackOfBits & (1L << i)) != 0 ? "| " : "  ");
            }
        }
    }

    /** {@return the bytes up to the first NUL, as C's {@code printf} of a C string reads them} */
    private static String cString(byte[] data) {
        int length = 0;
        while (length < data.length && data[length] != 0) {
            length++;
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    private static void check(boolean succeeded, String function) {
        if (!succeeded) {
            throw new IllegalStateException(function + " failed: " + (Diagnostics.lastFailure() == null ? "no reason"
                    + " recorded" : Diagnostics.lastFailure().explanation()));
        }
    }
}
