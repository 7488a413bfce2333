package org.iokit4j.kernel.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Planes and paths of the I/O Registry, as XNU's {@code IORegistryEntry} writes and reads them
 * ({@code getPath}, {@code getPathComponent}, {@code fromPath}, {@code getChildFromComponent},
 * {@code matchPathLocation}, iokit/Kernel/IORegistryEntry.cpp).
 *
 * <p><b>Planes.</b> iokit4j's registry has one plane, the service plane {@value #kIOServicePlane} (providers and
 * their clients). Any other name is a plane the kernel does not have, and each routine answers for it as XNU does
 * when {@code IORegistryEntry::getPlane} returns {@code NULL}.
 *
 * <p><b>Paths.</b> A path is the plane's name, a colon, then one {@code /name} or {@code /name@location} component
 * per entry from the top of the plane down: {@code IOService:/IOUserResources/com.example.Driver}. On a Mac the
 * top of the service plane ({@code IOService:/}) is the platform expert device, the one child of the registry root;
 * iokit4j has no platform, so its registry root stands in for it: {@code IOService:/} is {@code Root}, and every
 * other entry has the path it has on a Mac ({@code IOService:/IOResources}, {@code IOService:/IOUserResources}).
 * A component is the entry's name, clipped to the size of an {@code io_name_t} (128 bytes), then {@code @} and its
 * location (clipped the same way) if it has one. A path longer than an {@code io_string_t} leaves room for (509 bytes) cannot be written.
 *
 * <p>Reading a path: the plane name (shorter than {@value #kIOMaxPlaneName} bytes) must be known and the rest must
 * start with {@code /}; each component names a child of the entry before it: the first child whose name the
 * component starts with, followed by the end, {@code /}, {@code :} or {@code @location}; or, for a component that is
 * only {@code @location}, the first child at that location. Locations compare as XNU's {@code matchPathLocation}
 * does: hexadecimal numbers separated by {@code ,} or {@code :}, so {@code @1F,3} finds the entry at {@code 1f,3}.
 * Anything left over (a trailing {@code /} or {@code :}, a component no child matches) finds nothing. Aliases (a
 * plane's {@code /aliases} entry) do not exist in the service plane.
 *
 * <p><b>Concurrency.</b> Stateless; reads the registry's links as they are at each step.
 */
public final class RegistryPaths {
    /** The service plane's name, {@value} ({@code kIOServicePlane}). */
    public static final String kIOServicePlane = "IOService";
    /** A plane name is shorter than this many bytes ({@code kIOMaxPlaneName}), {@value}. */
    public static final int kIOMaxPlaneName = 32;
    /** An {@code io_string_t}, what a path travels in, holds this many bytes with its NUL, {@value}. */
    public static final int IO_STRING_SIZE = 512;
    /** An {@code io_name_t} holds this many bytes with its NUL, {@value}. */
    public static final int IO_NAME_SIZE = 128;

    private RegistryPaths() {
    }

    /**
     * {@return whether the kernel has a plane named {@code plane}} Only the service plane exists.
     *
     * @param plane a plane name.
     */
    public static boolean isPlane(String plane) {
        return kIOServicePlane.equals(plane);
    }

    /**
     * Writes the path of {@code entry} in {@code plane}: {@code IORegistryEntry::getPath}.
     *
     * @param root  the registry root.
     * @param entry the entry.
     * @param plane the plane's name.
     * @return the path, or {@code null} if it cannot be written: {@code plane} is no plane of the kernel (or null),
     *         the entry is not in the plane (it has terminated and left the registry), or the path would not fit an
     *         {@code io_string_t}.
     */
    public static String path(RegistryEntry root, RegistryEntry entry, String plane) {
        if (!isPlane(plane)) {
            return null;
        }
        final Deque<RegistryEntry> stack = new ArrayDeque<>();
        RegistryEntry parent = entry;
        while (parent != null && parent != root) { // stop below root
            stack.push(parent);
            final var parents = parent.parentLinks().entries();
            parent = parents.isEmpty() ? null : parents.getFirst();
        }
        if (parent == null) {
            return null; // the chain ends before the root: not in the plane
        }
        final StringBuilder path = new StringBuilder(plane).append(':');
        if (stack.isEmpty()) {
            path.append('/');
        }
        for (RegistryEntry component : stack) {
            path.append('/').append(clip(component.name(), IO_NAME_SIZE));
            final String location = component.location();
            if (location != null) {
                path.append('@').append(clip(location, IO_NAME_SIZE));
            }
        }
        // getPath: maxLength = sizeof(io_string_t) - 2, and every component must end below it
        return bytes(path.toString()) < IO_STRING_SIZE - 2 ? path.toString() : null;
    }

    /**
     * Finds the entry at {@code path}: {@code IORegistryEntry::fromPath(path)} with the plane named in the path.
     *
     * @param root the registry root.
     * @param path the path, with its plane prefix.
     * @return the entry, or {@code null} if the path leads nowhere (see the class comment).
     */
    public static RegistryEntry fromPath(RegistryEntry root, String path) {
        if (path == null) {
            return null;
        }
        final int colon = path.indexOf(':');
        if (colon < 0 || colon >= kIOMaxPlaneName || !isPlane(path.substring(0, colon))) {
            return null;
        }
        return walk(root, path, colon + 1);
    }

    /** The loop of {@code fromPath} from position {@code at} (just after the plane's colon). */
    private static RegistryEntry walk(RegistryEntry root, String path, int at) {
        RegistryEntry where = null;
        RegistryEntry from = null;
        RegistryEntry next;
        final int[] position = {at};
        do {
            if (where == null) {
                if (charAt(path, position[0]++) == '/') {
                    from = root; // IOService:/ is the top of the plane (the class comment)
                }
                where = from;
                if (where == null) {
                    break;
                }
            } else {
                final char c = charAt(path, position[0]++);
                if (c != '/') {
                    if (c != 0 && c != ':') { // a valid terminator
                        where = null;
                    }
                    break;
                }
            }
            next = childFromComponent(where, path, position);
            if (next != null) {
                where = next;
            }
        } while (next != null);
        if (where != null) {
            if (where != from) {
                position[0]--; // check the residual path
            }
            if (charAt(path, position[0]) != 0) {
                where = null; // no residual path wanted: a tail means no entry
            }
        }
        return where;
    }

    /** {@code getChildFromComponent}: the child the component at {@code position[0]} names; moves the position. */
    private static RegistryEntry childFromComponent(RegistryEntry where, String path, int[] position) {
        for (RegistryEntry entry : where.childLinks().entries()) {
            int cmp = position[0];
            if (charAt(path, cmp) != '@') {
                final String name = entry.name();
                if (!path.startsWith(name, cmp)) {
                    continue;
                }
                cmp += name.length();
                final char c = charAt(path, cmp);
                if (c == 0 || c == '/' || c == ':') {
                    position[0] = cmp;
                    return entry;
                }
                if (c != '@') {
                    continue;
                }
            }
            final int end = matchPathLocation(entry.location(), path, cmp + 1);
            if (end >= 0) {
                position[0] = end;
                return entry;
            }
        }
        return null;
    }

    /**
     * {@code IORegistryEntry::matchPathLocation}: compares the location written in {@code path} from {@code start}
     * with the entry's {@code location}, number by number in hexadecimal ({@code strtouq}), the numbers separated by
     * {@code ,} or {@code :}; a number missing on one side counts as 0.
     *
     * @return the position of the character that ends the location in the path, or -1 if it does not match (or the
     *         entry has no location).
     */
    static int matchPathLocation(String location, String path, int start) {
        if (location == null) {
            return -1;
        }
        int cmp = start;
        int str = 0;
        char lastPathChar = charAt(path, cmp);
        char lastLocationChar = charAt(location, 0);
        while (true) {
            long num1 = 0;
            long num2 = 0;
            if (lastPathChar != 0) {
                final long[] parsed = strtouq(path, cmp);
                num1 = parsed[0];
                cmp = (int) parsed[1];
                lastPathChar = charAt(path, cmp++);
            }
            if (lastLocationChar != 0) {
                final long[] parsed = strtouq(location, str);
                num2 = parsed[0];
                str = (int) parsed[1];
                lastLocationChar = charAt(location, str++);
            }
            if (num1 != num2) {
                return -1;
            }
            if (lastPathChar == 0 && lastLocationChar == 0) {
                return cmp - 1;
            }
            if (lastPathChar != ',' && lastPathChar != ':') {
                lastPathChar = 0;
            }
            if (lastPathChar != 0 && lastLocationChar != 0 && lastPathChar != lastLocationChar) {
                return -1;
            }
        }
    }

    /**
     * XNU's {@code strtouq(s + start, &end, 16)} (iokit/Kernel/IOStringFuncs.c): leading white space, a sign, an
     * optional {@code 0x}, hexadecimal digits; saturates at {@code UQUAD_MAX}.
     *
     * @return {@code {value, end}}: {@code end} is where the digits stopped, or {@code start} if there were none.
     */
    static long[] strtouq(String s, int start) {
        int i = start;
        char c;
        do {
            c = charAt(s, i++);
        } while (c == ' ' || (c >= '\t' && c <= '\r'));
        boolean negative = false;
        if (c == '-') {
            negative = true;
            c = charAt(s, i++);
        } else if (c == '+') {
            c = charAt(s, i++);
        }
        if (c == '0' && (charAt(s, i) == 'x' || charAt(s, i) == 'X')) {
            c = charAt(s, i + 1);
            i += 2;
        }
        final long cutoff = Long.divideUnsigned(-1L, 16);
        final int cutlim = (int) Long.remainderUnsigned(-1L, 16);
        long acc = 0;
        int any = 0;
        for (;; c = charAt(s, i++)) {
            final int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10
                    : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : Integer.MAX_VALUE;
            if (digit >= 16) {
                break;
            }
            if (any < 0 || Long.compareUnsigned(acc, cutoff) > 0 || (acc == cutoff && digit > cutlim)) {
                any = -1;
            } else {
                any = 1;
                acc = acc * 16 + digit;
            }
        }
        if (any < 0) {
            acc = -1L; // UQUAD_MAX
        } else if (negative) {
            acc = -acc;
        }
        return new long[] {acc, any != 0 ? i - 1 : start};
    }

    /** {@return the character at {@code index}, or NUL past the end: a C string's view} */
    private static char charAt(String s, int index) {
        return index < s.length() ? s.charAt(index) : 0;
    }

    /** {@return {@code s} clipped to its first {@code max} bytes, as {@code strnlen(s, max)} counts them} */
    private static String clip(String s, int max) {
        final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= max ? s : new String(utf8, 0, max, StandardCharsets.UTF_8);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
