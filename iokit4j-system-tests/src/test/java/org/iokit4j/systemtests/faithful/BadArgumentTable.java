package org.iokit4j.systemtests.faithful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iokit4j.iokitlib.CoreFoundation.*;
import static org.iokit4j.iokitlib.IOKitLib.*;
import static org.iokit4j.systemtests.echo.EchoUserClient.kEcho;
import static org.iokit4j.systemtests.echo.EchoUserClient.kRegisterAsync;
import static org.iokit4j.systemtests.echo.EchoUserClient.kSum;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.iokit4j.Diagnostics;
import org.iokit4j.IOReturn;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.iokitlib.IONotificationPortRef;
import org.iokit4j.systemtests.EchoKernel;
import org.iokit4j.systemtests.support.BadBuffers;

/**
 * The rows of {@link BadArgumentsTest}: for every IOKitLib and CoreFoundation function that takes an argument, the
 * bad values of its parameters and the code each must answer. A row's call returns the function's code; for a
 * function that returns something else, the row checks the neutral value and returns the recorded failure's code.
 */
final class BadArgumentTable {
    /** A name no task holds. */
    static final int BOGUS = 0x12345;

    /** What a row may use: the open connection, a service name, a notification port and bad buffers. */
    record Env(EchoKernel echo, int connect, int service, IONotificationPortRef port, BadBuffers buffers) {
        int wake() {
            return IONotificationPortGetMachPort(port);
        }
    }

    /**
     * One bad call.
     *
     * @param rule     what fixes the code (a spec section or the C behaviour).
     * @param explains text the explanation must hold besides the parameter's name.
     */
    record Bad(String function, String parameter, String value, int code, String rule, String explains,
               ToIntFunction<Env> call) {
        @Override
        public String toString() {
            return function + "(" + parameter + " = " + value + ") -> " + IOReturn.name(code);
        }
    }

    private static final List<Bad> ROWS = new ArrayList<>();

    private BadArgumentTable() {
    }

    static List<Bad> rows() {
        if (ROWS.isEmpty()) {
            objects();
            matching();
            openAndClose();
            calls();
            memory();
            notificationPorts();
            notifications();
            runLoops();
        }
        return ROWS;
    }

    private static void add(String function, String parameter, String value, int code, String rule,
                            String explains, ToIntFunction<Env> call) {
        ROWS.add(new Bad(function, parameter, value, code, rule, explains, call));
    }

    private static void objects() {
        final String crash = "C would write through NULL (contract.md §1)";
        add("IOMainPort", "mainPort", "null", kIOReturnBadArgument, crash, "must be a int[1]",
                e -> IOMainPort(MACH_PORT_NULL, null));
        add("IOMainPort", "mainPort", "int[0]", kIOReturnBadArgument, crash, "an empty array",
                e -> IOMasterPort(MACH_PORT_NULL, new int[0]));
        add("vm_deallocate", "task", "a name that is no task", MACH_SEND_INVALID_DEST,
                "XNU _kernelrpc_mach_vm_deallocate_trap", "mach_task_self()", e -> vm_deallocate(BOGUS, 0, 8));
        add("vm_deallocate", "address", "never handed out", IOReturn.KERN_INVALID_ARGUMENT, "mach_vm_deallocate",
                "is not a buffer", e -> vm_deallocate(mach_task_self(), 0x1000, 8));
        add("IOVarOutputSegment", "size", "-1", kIOReturnBadArgument, "Java only", "size=-1",
                e -> neutral(IOVarOutputSegment(0x1000, -1), null));
        add("IOObjectRelease", "object", "a name the task does not hold", IOReturn.KERN_INVALID_NAME,
                "mach_port_deallocate", "not a name this task holds", e -> IOObjectRelease(BOGUS));
        add("IOObjectRelease", "object", "a receive right", IOReturn.KERN_INVALID_RIGHT, "mach_port_deallocate",
                "IONotificationPortDestroy", e -> IOObjectRelease(e.wake()));
        add("IOObjectRelease", "object", "mach_task_self()", IOReturn.KERN_INVALID_CAPABILITY,
                "XNU ipc_right_dealloc: a pinned name keeps its last reference", "pinned",
                e -> IOObjectRelease(mach_task_self()));
        add("IOIteratorNext", "iterator", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name", e -> neutral(IOIteratorNext(BOGUS), 0));
        add("IOIteratorNext", "iterator", "a connection", kIOReturnBadArgument, "iokit_lookup_object_port",
                "not a ServiceIterator", e -> neutral(IOIteratorNext(e.connect()), 0));
        add("IOIteratorReset", "iterator", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name", e -> recorded(() -> IOIteratorReset(BOGUS)));
        add("IOObjectGetClass", "object", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name", e -> IOObjectGetClass(BOGUS, new String[1]));
        add("IOObjectGetClass", "className", "null", kIOReturnBadArgument, crash, "must be a String[1]",
                e -> IOObjectGetClass(e.service(), null));
        add("IORegistryEntryGetName", "entry", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name", e -> IORegistryEntryGetName(BOGUS, new String[1]));
        add("IORegistryEntryGetName", "name", "String[0]", kIOReturnBadArgument, crash, "an empty array",
                e -> IORegistryEntryGetName(e.service(), new String[0]));
        add("IORegistryEntryGetRegistryEntryID", "entryID", "null", kIOReturnBadArgument, crash, "must be a long[1]",
                e -> IORegistryEntryGetRegistryEntryID(e.service(), null));
        add("IORegistryEntryCreateCFProperty", "key", "null", kIOReturnBadArgument, "C would read NULL",
                "key is null", e -> neutral(IORegistryEntryCreateCFProperty(e.service(), null), null));
        add("IORegistryEntryCreateCFProperty", "entry", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name",
                e -> neutral(IORegistryEntryCreateCFProperty(BOGUS, "IOClass"), null));
        add("asyncCallout", "callback", "null", kIOReturnBadArgument, "a NULL function pointer is 0",
                "NULL function pointer", e -> neutral(asyncCallout(null), 0L));
    }

    private static void matching() {
        final String crash = "C would crash on NULL; IOKitLib returns NULL";
        add("IOServiceMatching", "className", "null", kIOReturnBadArgument, crash, "no dictionary is made",
                e -> neutral(IOServiceMatching(null), null));
        add("IOServiceNameMatching", "name", "null", kIOReturnBadArgument, crash, "no dictionary is made",
                e -> neutral(IOServiceNameMatching(null), null));
        add("IOServiceGetMatchingService", "matching", "null", kIOReturnBadArgument, "apple-semantics.md §9",
                "matching is null", e -> neutral(IOServiceGetMatchingService(kIOMainPortDefault, null), 0));
        add("IOServiceGetMatchingService", "mainPort", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "the main port is the request's destination", "not a live send right",
                e -> neutral(IOServiceGetMatchingService(BOGUS, IOServiceMatching("IOService")), 0));
        add("IOServiceGetMatchingServices", "mainPort", "a service", kIOReturnNotPrivileged,
                "XNU: main_port != main_device_port", "not this task's IOKit main port",
                e -> IOServiceGetMatchingServices(e.service(), IOServiceMatching("IOService"), new int[1]));
        add("IOServiceGetMatchingServices", "iterator", "null", kIOReturnBadArgument, "contract.md §1",
                "must be a int[1]",
                e -> IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"), null));
        for (Map.Entry<String, Map<String, Object>> bad : badDictionaries().entrySet()) {
            add("IOServiceGetMatchingServices", "matching", bad.getKey(), kIOReturnBadArgument,
                    "issue 8: C could not serialize it", "malformed matching dictionary",
                    e -> IOServiceGetMatchingServices(kIOMainPortDefault, bad.getValue(), new int[1]));
            add("IOServiceGetMatchingService", "matching", bad.getKey(), kIOReturnBadArgument,
                    "issue 8: C could not serialize it", "malformed matching dictionary",
                    e -> neutral(IOServiceGetMatchingService(kIOMainPortDefault, bad.getValue()), 0));
        }
    }

    /** Dictionaries C could not hand to the kernel, by what is wrong with them. */
    static Map<String, Map<String, Object>> badDictionaries() {
        final Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        final Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("IOProviderClass", null);
        bad.put("a null value", nullValue);
        final List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        bad.put("a cyclic list", new HashMap<>(Map.of("IONameMatch", cyclic)));
        // a value of no property-list type is no refusal (IOCFSerialize writes it as a string, and a key of the wrong
        // type is matched as XNU's matchInternal matches it, issue 11): here it is read, never printed, before the
        // null that is refused
        final Map<String, Object> hostile = new java.util.LinkedHashMap<>();
        hostile.put("IORegistryEntryID", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString called");
            }
        });
        hostile.put("IONameMatch", null);
        bad.put("a value whose toString throws, then a null", hostile);
        final Map<Object, Object> longKey = new HashMap<>(Map.of(1L, "x"));
        bad.put("a key that is not a String", new HashMap<>(Map.of("IOPropertyMatch", longKey)));
        return bad;
    }

    private static void openAndClose() {
        add("IOServiceOpen", "service", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §9", "not a live name",
                e -> IOServiceOpen(BOGUS, mach_task_self(), 0, new int[1]));
        add("IOServiceOpen", "owningTask", "a name the task does not hold", MACH_SEND_INVALID_RIGHT,
                "Mach copies owningTask into the message (COPY_SEND)", "is not a send right",
                e -> IOServiceOpen(e.service(), BOGUS, 0, new int[1]));
        add("IOServiceOpen", "owningTask", "MACH_PORT_NULL", kIOReturnBadArgument, "apple-semantics.md §9 step 1",
                "MACH_PORT_NULL names no task", e -> IOServiceOpen(e.service(), 0, 0, new int[1]));
        add("IOServiceOpen", "owningTask", "a service", kIOReturnBadArgument, "apple-semantics.md §9 step 1",
                "is not the calling task", e -> IOServiceOpen(e.service(), e.service(), 0, new int[1]));
        add("IOServiceOpen", "connect", "null", kIOReturnBadArgument, "contract.md §1", "must be a int[1]",
                e -> IOServiceOpen(e.service(), mach_task_self(), 0, null));
        add("IOServiceClose", "connect", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §6.6", "not a live name", e -> IOServiceClose(BOGUS));
        add("IOServiceClose", "connect", "mach_task_self()", kIOReturnBadArgument,
                "apple-semantics.md §6.6; XNU ipc_right_dealloc keeps the pinned name", "pinned",
                e -> IOServiceClose(mach_task_self()));
    }

    private static void calls() {
        final String rule = "issue 8: checked before the call is sent";
        final BadSegment[] segments = BadSegment.values();
        for (BadSegment bad : segments) {
            if (bad.badInput()) {
                add("IOConnectCallStructMethod", "inputStruct", bad.label, kIOReturnBadArgument, rule, bad.explains,
                        e -> IOConnectCallStructMethod(e.connect(), kEcho, bad.output(e), bad.size(), null, null));
                add("IOConnectCallAsyncStructMethod", "inputStruct", bad.label, kIOReturnBadArgument, rule,
                        bad.explains, e -> IOConnectCallAsyncStructMethod(e.connect(), kRegisterAsync, e.wake(),
                                new long[3], 3, bad.output(e), bad.size(), null, null));
            }
            add("IOConnectCallStructMethod", "outputStruct", bad.label, kIOReturnBadArgument, rule, bad.explains,
                    e -> IOConnectCallStructMethod(e.connect(), kEcho, null, 0, bad.output(e),
                            new long[] {bad.size()}));
            add("IOConnectCallMethod", "outputStruct", bad.label, kIOReturnBadArgument, rule, bad.explains,
                    e -> IOConnectCallMethod(e.connect(), kEcho, null, 0, null, 0, null, null, bad.output(e),
                            new long[] {bad.size()}));
            add("IOConnectCallAsyncMethod", "outputStruct", bad.label, kIOReturnBadArgument, rule, bad.explains,
                    e -> IOConnectCallAsyncMethod(e.connect(), kRegisterAsync, e.wake(), new long[3], 3, null, 0,
                            null, 0, null, null, bad.output(e), new long[] {bad.size()}));
        }
        add("IOConnectCallMethod", "outputStruct", "read-only, for kIOConnectMethodVarOutputSize",
                kIOReturnBadArgument, rule, "read-only", e -> IOConnectCallMethod(e.connect(), kEcho, null, 0, null,
                        0, null, null, e.buffers().readOnlySmall, new long[] {kIOConnectMethodVarOutputSize}));
        add("IOConnectCallScalarMethod", "connection", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name",
                e -> IOConnectCallScalarMethod(BOGUS, kSum, new long[] {1, 2}, 2, new long[1], new int[] {1}));
        add("IOConnectCallScalarMethod", "output", "shorter than *outputCnt", kIOReturnBadArgument,
                "contract.md §1", "the array must hold", e -> IOConnectCallScalarMethod(e.connect(), kSum,
                        new long[] {1, 2}, 2, new long[0], new int[] {1}));
        add("IOConnectCallAsyncScalarMethod", "reference", "shorter than referenceCnt", kIOReturnBadArgument,
                "contract.md §1", "the count cannot exceed the array", e -> IOConnectCallAsyncScalarMethod(
                        e.connect(), kRegisterAsync, e.wake(), new long[1], 3, null, 0, null, null));
        add("IOConnectCallAsyncScalarMethod", "wake_port", "a name the task does not hold", MACH_SEND_INVALID_RIGHT,
                "contract.md §3 decided point 2", "receive right", e -> IOConnectCallAsyncScalarMethod(
                        e.connect(), kRegisterAsync, BOGUS, new long[3], 3, null, 0, null, null));
    }

    /** The bad structure buffers, inline and large. */
    enum BadSegment {
        CLOSED_SMALL("of a closed arena, 16 bytes", "no longer alive"),
        CLOSED_LARGE("of a closed arena, 5000 bytes", "no longer alive"),
        FOREIGN_SMALL("confined to another thread, 16 bytes", "another thread"),
        FOREIGN_LARGE("confined to another thread, 5000 bytes", "another thread"),
        READ_ONLY_SMALL("read-only, 16 bytes", "read-only"),
        READ_ONLY_LARGE("read-only, 5000 bytes", "read-only");

        final String label;
        final String explains;

        BadSegment(String label, String explains) {
            this.label = label;
            this.explains = explains;
        }

        long size() {
            return name().endsWith("LARGE") ? BadBuffers.LARGE : BadBuffers.SMALL;
        }

        /** Read-only memory is a fine input (the call only reads it); every other kind is bad either way. */
        boolean badInput() {
            return !name().startsWith("READ_ONLY");
        }

        MemorySegment output(Env e) {
            final BadBuffers b = e.buffers();
            return switch (this) {
                case CLOSED_SMALL -> b.closedSmall;
                case CLOSED_LARGE -> b.closedLarge;
                case FOREIGN_SMALL -> b.foreignSmall;
                case FOREIGN_LARGE -> b.foreignLarge;
                case READ_ONLY_SMALL -> b.readOnlySmall;
                case READ_ONLY_LARGE -> b.readOnlyLarge;
            };
        }
    }

    private static void memory() {
        add("IOConnectMapMemory64", "intoTask", "a name the task does not hold", MACH_SEND_INVALID_RIGHT,
                "Mach copies into_task into the message", "is not a send right",
                e -> IOConnectMapMemory64(e.connect(), 0, BOGUS, new long[1], new long[1], kIOMapAnywhere));
        add("IOConnectMapMemory64", "intoTask", "MACH_PORT_NULL", kIOReturnBadArgument, "apple-semantics.md §6.5",
                "MACH_PORT_NULL names no task",
                e -> IOConnectMapMemory64(e.connect(), 0, 0, new long[1], new long[1], kIOMapAnywhere));
        add("IOConnectMapMemory64", "size", "null", kIOReturnBadArgument, "contract.md §1", "must be a long[1]",
                e -> IOConnectMapMemory64(e.connect(), 0, mach_task_self(), new long[1], null, kIOMapAnywhere));
        add("IOConnectUnmapMemory64", "fromTask", "a service", kIOReturnBadArgument, "apple-semantics.md §6.5",
                "is not the calling task", e -> IOConnectUnmapMemory64(e.connect(), 0, e.service(), 0x1000));
        // IOKitLib.c: on __LP64__ the unsuffixed forms send the same routines, so they refuse the same input
        add("IOConnectMapMemory", "intoTask", "MACH_PORT_NULL", kIOReturnBadArgument, "apple-semantics.md §6.5",
                "MACH_PORT_NULL names no task",
                e -> IOConnectMapMemory(e.connect(), 0, 0, new long[1], new long[1], kIOMapAnywhere));
        add("IOConnectUnmapMemory", "fromTask", "a service", kIOReturnBadArgument, "apple-semantics.md §6.5",
                "is not the calling task", e -> IOConnectUnmapMemory(e.connect(), 0, e.service(), 0x1000));
        add("IOConnectMappedSegment", "size", "-1", kIOReturnBadArgument, "Java only", "size=-1",
                e -> neutral(IOConnectMappedSegment(e.connect(), 0x1000, -1), null));
    }

    private static void notificationPorts() {
        final String crash = "C would use a NULL or freed IONotificationPortRef";
        add("IONotificationPortGetMachPort", "notify", "null", kIOReturnBadArgument, crash, "notify is null",
                e -> neutral(IONotificationPortGetMachPort(null), 0));
        add("IONotificationPortSetDispatchQueue", "notify", "null", kIOReturnBadArgument, crash, "notify is null",
                e -> recorded(() -> IONotificationPortSetDispatchQueue(null, DispatchQueue.main())));
        add("IONotificationPortSetDispatchQueue", "queue", "closed", kIOReturnBadArgument,
                "C would use a released queue", "is closed", e -> {
                    final DispatchQueue closed = DispatchQueue.createManual("closed");
                    closed.close();
                    return recorded(() -> IONotificationPortSetDispatchQueue(e.port(), closed));
                });
        add("IONotificationPortGetRunLoopSource", "notify", "null", kIOReturnBadArgument, crash, "notify is null",
                e -> neutral(IONotificationPortGetRunLoopSource(null), null));
        add("IONotificationPortDestroy", "notify", "null", kIOReturnBadArgument, crash, "notify is null",
                e -> recorded(() -> IONotificationPortDestroy(null)));
        add("IODispatchCalloutFromMessage", "msg", "null", kIOReturnBadArgument, "C would read NULL",
                "msg is null", e -> recorded(() -> IODispatchCalloutFromMessage(null, null, e.port())));
    }

    private static void notifications() {
        final String crash = "C would crash";
        final IOServiceMatchingCallbackHolder none = new IOServiceMatchingCallbackHolder();
        add("IOServiceAddMatchingNotification", "notifyPort", "null", kIOReturnBadArgument, crash,
                "notifyPort is null", e -> IOServiceAddMatchingNotification(null, kIOPublishNotification,
                        IOServiceMatching("IOService"), none.matching, 0, new int[1]));
        add("IOServiceAddMatchingNotification", "notificationType", "null", kIOReturnBadArgument, crash,
                "notificationType is null", e -> IOServiceAddMatchingNotification(e.port(), null,
                        IOServiceMatching("IOService"), none.matching, 0, new int[1]));
        for (Map.Entry<String, Map<String, Object>> bad : badDictionaries().entrySet()) {
            add("IOServiceAddMatchingNotification", "matching", bad.getKey(), kIOReturnBadArgument,
                    "issue 8: C could not serialize it", "malformed matching dictionary",
                    e -> IOServiceAddMatchingNotification(e.port(), kIOPublishNotification, bad.getValue(),
                            none.matching, 0, new int[1]));
        }
        add("IOServiceAddMatchingNotification", "callback", "null", kIOReturnBadArgument, crash,
                "callback is null", e -> IOServiceAddMatchingNotification(e.port(), kIOPublishNotification,
                        IOServiceMatching("IOService"), null, 0, new int[1]));
        add("IOServiceAddMatchingNotification", "mainPort", "a port made with a name the task does not hold",
                MACH_SEND_INVALID_DEST, "the port's main port is the request's destination", "not a live send right",
                e -> {
                    final IONotificationPortRef port = IONotificationPortCreate(BOGUS);
                    try {
                        return IOServiceAddMatchingNotification(port, kIOPublishNotification,
                                IOServiceMatching("IOService"), none.matching, 0, new int[1]);
                    } finally {
                        IONotificationPortDestroy(port); // succeeds: records nothing
                    }
                });
        add("IOServiceAddInterestNotification", "interestType", "null", kIOReturnBadArgument, crash,
                "interestType is null", e -> IOServiceAddInterestNotification(e.port(), e.service(), null,
                        none.interest, 0, new int[1]));
        add("IOServiceAddInterestNotification", "service", "a name the task does not hold", MACH_SEND_INVALID_DEST,
                "apple-semantics.md §2.4", "not a live name", e -> IOServiceAddInterestNotification(e.port(), BOGUS,
                        kIOGeneralInterest, none.interest, 0, new int[1]));
        add("IOServiceAddInterestNotification", "notification", "null", kIOReturnBadArgument, "contract.md §1",
                "must be a int[1]", e -> IOServiceAddInterestNotification(e.port(), e.service(), kIOGeneralInterest,
                        none.interest, 0, null));
    }

    private static void runLoops() {
        add("CFRunLoopContainsSource", "rl", "null", kIOReturnBadArgument, "CF would crash", "rl is null",
                e -> neutral(CFRunLoopContainsSource(null, IONotificationPortGetRunLoopSource(e.port()),
                        kCFRunLoopDefaultMode), false));
        add("CFRunLoopRunInMode", "mode", "null", kIOReturnBadArgument, "CF would crash", "mode is null",
                e -> {
                    assertThat(CFRunLoopRunInMode(null, 0, false)).isEqualTo(kCFRunLoopRunFinished);
                    return Diagnostics.lastFailure() == null ? 0 : Diagnostics.lastFailure().code();
                });
    }

    /** Callbacks that do nothing: a bad row must never get as far as calling one. */
    private static final class IOServiceMatchingCallbackHolder {
        final org.iokit4j.iokitlib.IOServiceMatchingCallback matching = (refcon, iterator) -> {
            throw new AssertionError("a refused notification called back");
        };
        final org.iokit4j.iokitlib.IOServiceInterestCallback interest = (refcon, service, type, argument) -> {
            throw new AssertionError("a refused notification called back");
        };
    }

    /** Checks a function's neutral return value and hands back the recorded failure's code. */
    private static int neutral(Object returned, Object expected) {
        assertThat(returned).as("the neutral value").isEqualTo(expected);
        return Diagnostics.lastFailure() == null ? 0 : Diagnostics.lastFailure().code();
    }

    /** Runs a void function and hands back the recorded failure's code. */
    private static int recorded(Runnable call) {
        call.run();
        return Diagnostics.lastFailure() == null ? 0 : Diagnostics.lastFailure().code();
    }
}
