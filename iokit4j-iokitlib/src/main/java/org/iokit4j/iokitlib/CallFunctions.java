package org.iokit4j.iokitlib;

import static org.iokit4j.iokitlib.IOKitLib.*;

import java.lang.foreign.MemorySegment;
import org.iokit4j.Failure;
import org.iokit4j.IOReturn;
import org.iokit4j.mig.Caller;

/**
 * IOKitLib's connections and the call family: {@code IOServiceOpen}, {@code IOServiceClose} and the
 * {@code IOConnectCall*} functions, synchronous and asynchronous. Call them as {@code IOKitLib.X} (or through
 * {@code import static org.iokit4j.iokitlib.IOKitLib.*}): {@link IOKitLib} inherits them, and they follow the rules of
 * its class comment.
 *
 * <p><b>Concurrency.</b> Every function is thread-safe. A call blocks until the driver's external method returns (it
 * runs on the driver's queue, on this thread when that queue is idle).
 */
public abstract class CallFunctions extends NotificationFunctions {
    CallFunctions() {
    }

    // ---------------------------------------------------------------- Connections

    /**
     * {@code IOServiceOpen}: opens a user client of {@code service} ({@code NewUserClient(type)} in the driver).
     *
     * @param owningTask must be {@code mach_task_self()}.
     * @param connect    receives the connection name, an {@code int[1]}.
     * @param service    the service's name (an {@code io_service_t}).
     * @param type       the user client type (the {@code type} the driver's {@code NewUserClient} receives).
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a {@code service} name the task does not
     *         hold; {@code MACH_SEND_INVALID_RIGHT} for an {@code owningTask} name it does not hold (Mach cannot copy
     *         it into the message); {@code kIOReturnBadArgument} for an {@code owningTask} that is
     *         {@code MACH_PORT_NULL} or names anything but the calling task, or a missing out-array; else the
     *         kernel's or the driver's answer ({@code NewUserClient}'s code, {@code kIOReturnNotPermitted}, …).
     */
    public static int IOServiceOpen(int service, int owningTask, int type, int[] connect) {
        final Failure out = OutParameter.check(connect, "connect", "int[1]", "the connection");
        if (out != null) {
            return ServiceCalls.checkedKernelCall("IOServiceOpen", out);
        }
        final Caller caller = Caller.current();
        return ServiceCalls.checkedKernelCall("IOServiceOpen",
                caller.kernel().serviceOpen(caller.task(), service, owningTask, type, connect));
    }

    /**
     * {@code IOServiceClose}: closes the connection (the driver's user client gets {@code Stop}) and releases the
     * name; calls on it afterwards fail with {@code MACH_SEND_INVALID_DEST} (a name kept by {@code IOConnectAddRef}
     * is then a dead name, or, while the connection has memory mapped, answers {@code kIOReturnBadArgument}:
     * {@link ObjectFunctions}). As IOKitLib.c does, the name is released
     * even when the close fails (e.g. {@code MACH_SEND_INVALID_DEST} for a connection whose service terminated), so
     * closing a dead connection leaks nothing; but {@code mach_task_self()} is pinned and stays.
     *
     * @param connect the connection, from {@code IOServiceOpen}.
     * @return {@code kIOReturnSuccess}; {@code MACH_SEND_INVALID_DEST} for a name the task does not hold;
     *         {@code kIOReturnBadArgument} for a name of something other than a connection (whose reference is
     *         released all the same, as in C).
     */
    public static int IOServiceClose(int connect) {
        final Caller caller = Caller.current();
        final Failure failure = caller.kernel().serviceClose(caller.task(), connect);
        final int released = connect == 0 ? kIOReturnSuccess : caller.deallocate(connect);
        if (failure == null) {
            return kIOReturnSuccess;
        }
        return ServiceCalls.checkedKernelCall("IOServiceClose", released != IOReturn.KERN_INVALID_CAPABILITY
                ? failure : new Failure(failure.code(), failure.explanation() + "; and "
                + ServiceCalls.explainRelease("connect", connect, released).explanation()));
    }

    /**
     * {@code IOConnectCallMethod}: the general synchronous call (apple-semantics.md §2).
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param input           the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt        how many scalar inputs to send.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param output          receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt       in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return {@code kIOReturnSuccess}, the driver's code, or the failure's code (its explanation is the thread's last
     *         failure).
     */
    public static int IOConnectCallMethod(int connection, int selector, long[] input, int inputCnt,
                                          MemorySegment inputStruct, long inputStructCnt, long[] output,
                                          int[] outputCnt, MemorySegment outputStruct, long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallMethod", connection, selector, 0, null, 0, input, inputCnt,
                inputStruct, inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallScalarMethod}: scalars only.
     *
     * @param connection the connection, from {@code IOServiceOpen}.
     * @param selector   the external method's number.
     * @param input      the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt   how many scalar inputs to send.
     * @param output     receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt  in: how many scalar outputs {@code output} holds; out: how many the driver returned (an {@code
     *                  int[1]}).
     * @return as {@link #IOConnectCallMethod}.
     */
    public static int IOConnectCallScalarMethod(int connection, int selector, long[] input, int inputCnt,
                                                long[] output, int[] outputCnt) {
        return ConnectCalls.call("IOConnectCallScalarMethod", connection, selector, 0, null, 0, input, inputCnt,
                null, 0, output, outputCnt, null, null);
    }

    /**
     * {@code IOConnectCallStructMethod}: structures only.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallMethod}.
     */
    public static int IOConnectCallStructMethod(int connection, int selector, MemorySegment inputStruct,
                                                long inputStructCnt, MemorySegment outputStruct,
                                                long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallStructMethod", connection, selector, 0, null, 0, null, 0,
                inputStruct, inputStructCnt, null, null, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallAsyncMethod}: the general asynchronous call. {@code wakePort} must be a port this task
     * receives ({@code IONotificationPortGetMachPort}); {@code MACH_PORT_NULL} (= {@code kIOMainPortDefault}) means
     * "no completion", so a method that needs one fails with {@code kIOReturnBadArgument}.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param wakePort        the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference       the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt    how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param input           the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt        how many scalar inputs to send.
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param output          receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt       in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallMethod}: the code of the call itself; the completion's code arrives later, on
     *            {@code wakePort}.
     */
    public static int IOConnectCallAsyncMethod(int connection, int selector, int wakePort, long[] reference,
                                               int referenceCnt, long[] input, int inputCnt,
                                               MemorySegment inputStruct, long inputStructCnt, long[] output,
                                               int[] outputCnt, MemorySegment outputStruct, long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallAsyncMethod", connection, selector, wakePort, reference, referenceCnt,
                input, inputCnt, inputStruct, inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
    }

    /**
     * {@code IOConnectCallAsyncScalarMethod}.
     *
     * @param connection   the connection, from {@code IOServiceOpen}.
     * @param selector     the external method's number.
     * @param wakePort     the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference    the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param input        the scalar inputs ({@code null} with a count of 0).
     * @param inputCnt     how many scalar inputs to send.
     * @param output       receives the scalar outputs ({@code null} with a count of 0).
     * @param outputCnt    in: how many scalar outputs {@code output} holds; out: how many the driver returned (an
     *                  {@code int[1]}).
     * @return as {@link #IOConnectCallAsyncMethod}.
     */
    public static int IOConnectCallAsyncScalarMethod(int connection, int selector, int wakePort, long[] reference,
                                                     int referenceCnt, long[] input, int inputCnt, long[] output,
                                                     int[] outputCnt) {
        return ConnectCalls.call("IOConnectCallAsyncScalarMethod", connection, selector, wakePort, reference,
                referenceCnt, input, inputCnt, null, 0, output, outputCnt, null, null);
    }

    /**
     * {@code IOConnectCallAsyncStructMethod}.
     *
     * @param connection      the connection, from {@code IOServiceOpen}.
     * @param selector        the external method's number.
     * @param wakePort        the notification port's Mach port ({@code IONotificationPortGetMachPort}), where the
     *                 completion arrives: never the main port.
     * @param reference       the async reference array; {@code reference[kIOAsyncCalloutFuncIndex]} and {@code
     *                  [kIOAsyncCalloutRefconIndex]} name the callback ({@code asyncCallout}) and its refcon.
     * @param referenceCnt    how many words of {@code reference} to send (at most {@code kOSAsyncRefCount}).
     * @param inputStruct     the structure input ({@code null} with a size of 0); over 4096 bytes it travels as a
     *                    memory descriptor.
     * @param inputStructCnt  the structure input's size in bytes.
     * @param outputStruct    receives the structure output ({@code null} with a size of 0); over 4096 bytes the driver
     *                     writes it through a memory descriptor.
     * @param outputStructCnt in: the output buffer's size; out: how many bytes the driver returned (a {@code long[1]}).
     * @return as {@link #IOConnectCallAsyncMethod}.
     */
    public static int IOConnectCallAsyncStructMethod(int connection, int selector, int wakePort, long[] reference,
                                                     int referenceCnt, MemorySegment inputStruct,
                                                     long inputStructCnt, MemorySegment outputStruct,
                                                     long[] outputStructCnt) {
        return ConnectCalls.call("IOConnectCallAsyncStructMethod", connection, selector, wakePort, reference,
                referenceCnt, null, 0, inputStruct, inputStructCnt, null, null, outputStruct, outputStructCnt);
    }
}
