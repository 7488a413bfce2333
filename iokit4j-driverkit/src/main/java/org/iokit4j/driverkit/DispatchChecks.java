package org.iokit4j.driverkit;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

/**
 * The base {@code ExternalMethod}'s checks of a call against its dispatch entry, with the explanation for each
 * refusal (contract.md §3, decided point 1; apple-semantics.md §6.2, §10.5, §10.9).
 *
 * <p><b>Concurrency.</b> Stateless.
 */
final class DispatchChecks {
    private static final int DONT_CARE = IOUserClient.kIOUserClientVariableStructureSize;

    private DispatchChecks() {
    }

    static int check(long selector, IOUserClientMethodArguments a, IOUserClientMethodDispatch d) {
        final int completion = d.checkCompletionExists();
        if (completion == 0 && a.completion != null) {
            a.pitfall = org.iokit4j.Pitfall.COMPLETION_FORBIDDEN;
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkCompletionExists=0 but the call carries a"
                    + " completion: this method is synchronous, call it with IOConnectCall*Method, not"
                    + " IOConnectCallAsync* with a wake port"
                    + " (docs/async-completions.md, \"Pitfalls and their fixes\")", selector);
        }
        if (completion != 0 && completion != DONT_CARE && a.completion == null) {
            a.pitfall = a.asyncWithoutWakePort ? org.iokit4j.Pitfall.MAIN_PORT_AS_WAKE_PORT : null;
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkCompletionExists=%d but completion is NULL:%s",
                    selector, completion, a.asyncWithoutWakePort
                            ? " the call came through IOConnectCallAsync* with wake_port=MACH_PORT_NULL (0), which is"
                            + " also the value of kIOMainPortDefault/kIOMasterPortDefault, so the kernel made no"
                            + " OSAction (docs/async-completions.md, \"Pitfalls and their fixes\"). Pass"
                            + " IONotificationPortGetMachPort(IONotificationPortCreate(kIOMainPortDefault)) as the"
                            + " wake port"
                            : " this method completes asynchronously; call it with IOConnectCallAsync* and a"
                            + " notification port's mach port as wake port");
        }
        final long inputSize = a.structureInput != null ? a.structureInput.getLength()
                : a.structureInputDescriptor != null ? descriptorLength(a.structureInputDescriptor) : 0;
        if (mismatch(d.checkScalarInputCount(), a.scalarInputCount)) {
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkScalarInputCount=%d, scalarInputCount=%d",
                    selector, d.checkScalarInputCount(), a.scalarInputCount);
        }
        if (mismatch(d.checkStructureInputSize(), inputSize)) {
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkStructureInputSize=%d, structure input"
                    + " size=%d%s", selector, Integer.toUnsignedLong(d.checkStructureInputSize()), inputSize,
                    a.structureInputDescriptor != null ? " (a descriptor: the input was over 4096 bytes)" : "");
        }
        if (mismatch(d.checkScalarOutputCount(), a.scalarOutputCount)) {
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkScalarOutputCount=%d, scalarOutputCount=%d"
                    + " (the caller's capacity, *outputCnt: it must be equal, not just large enough;"
                    + " docs/calls.md, \"Synchronous calls\")", selector, d.checkScalarOutputCount(),
                    a.scalarOutputCount);
        }
        if (mismatch(d.checkStructureOutputSize(), a.structureOutputMaximumSize)) {
            return refuse(a, kIOReturnBadArgument, "selector=%d: checkStructureOutputSize=%d,"
                    + " structureOutputMaximumSize=%d (the caller's capacity, *outputStructCnt: it must be equal,"
                    + " not just large enough; docs/calls.md, \"Synchronous calls\")", selector,
                    Integer.toUnsignedLong(d.checkStructureOutputSize()), a.structureOutputMaximumSize);
        }
        return org.iokit4j.IOReturn.kIOReturnSuccess;
    }

    static int refuse(IOUserClientMethodArguments arguments, int code, String format, Object... values) {
        if (arguments != null) {
            arguments.refusal = String.format(format, values);
        }
        return code;
    }

    private static boolean mismatch(int check, long actual) {
        return check != DONT_CARE && Integer.toUnsignedLong(check) != actual;
    }

    private static long descriptorLength(IOMemoryDescriptor descriptor) {
        final long[] length = new long[1];
        descriptor.GetLength(length);
        return length[0];
    }
}
