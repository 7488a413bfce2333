package org.iokit4j;

/**
 * Apple's {@code IOReturn} codes, as {@code int} constants with their C names, shared by the driver
 * and the client side.
 *
 * <p>Values from XNU {@code iokit/IOKit/IOReturn.h}: a common code is {@code sys_iokit} ({@code 0xE0000000})
 * or'ed with the low 14-bit code. The Mach and MIG codes that the call family can also return
 * ({@link #MACH_SEND_INVALID_DEST}, {@link #MACH_SEND_INVALID_RIGHT}, {@link #MIG_ARRAY_TOO_LARGE}, …)
 * live here too, because a caller sees them in the same return value.
 *
 * <p>{@link #name(int)} turns any code back into its name, and a code nobody defined into its hex form.
 */
public final class IOReturn {
    /** {@code 0x00000000}. */
    public static final int kIOReturnSuccess = 0x00000000;
    /** {@code 0xE0000001}. */
    public static final int kIOReturnInvalid = 0xE0000001;
    /** {@code 0xE00002BC}. */
    public static final int kIOReturnError = 0xE00002BC;
    /** {@code 0xE00002BD}. */
    public static final int kIOReturnNoMemory = 0xE00002BD;
    /** {@code 0xE00002BE}. */
    public static final int kIOReturnNoResources = 0xE00002BE;
    /** {@code 0xE00002BF}. */
    public static final int kIOReturnIPCError = 0xE00002BF;
    /** {@code 0xE00002C0}. */
    public static final int kIOReturnNoDevice = 0xE00002C0;
    /** {@code 0xE00002C1}. */
    public static final int kIOReturnNotPrivileged = 0xE00002C1;
    /** {@code 0xE00002C2}. */
    public static final int kIOReturnBadArgument = 0xE00002C2;
    /** {@code 0xE00002C3}. */
    public static final int kIOReturnLockedRead = 0xE00002C3;
    /** {@code 0xE00002C4}. */
    public static final int kIOReturnLockedWrite = 0xE00002C4;
    /** {@code 0xE00002C5}. */
    public static final int kIOReturnExclusiveAccess = 0xE00002C5;
    /** {@code 0xE00002C6}. */
    public static final int kIOReturnBadMessageID = 0xE00002C6;
    /** {@code 0xE00002C7}. */
    public static final int kIOReturnUnsupported = 0xE00002C7;
    /** {@code 0xE00002C8}. */
    public static final int kIOReturnVMError = 0xE00002C8;
    /** {@code 0xE00002C9}. */
    public static final int kIOReturnInternalError = 0xE00002C9;
    /** {@code 0xE00002CA}. */
    public static final int kIOReturnIOError = 0xE00002CA;
    /** {@code 0xE00002CC}. */
    public static final int kIOReturnCannotLock = 0xE00002CC;
    /** {@code 0xE00002CD}. */
    public static final int kIOReturnNotOpen = 0xE00002CD;
    /** {@code 0xE00002CE}. */
    public static final int kIOReturnNotReadable = 0xE00002CE;
    /** {@code 0xE00002CF}. */
    public static final int kIOReturnNotWritable = 0xE00002CF;
    /** {@code 0xE00002D0}. */
    public static final int kIOReturnNotAligned = 0xE00002D0;
    /** {@code 0xE00002D1}. */
    public static final int kIOReturnBadMedia = 0xE00002D1;
    /** {@code 0xE00002D2}. */
    public static final int kIOReturnStillOpen = 0xE00002D2;
    /** {@code 0xE00002D3}. */
    public static final int kIOReturnRLDError = 0xE00002D3;
    /** {@code 0xE00002D4}. */
    public static final int kIOReturnDMAError = 0xE00002D4;
    /** {@code 0xE00002D5}. */
    public static final int kIOReturnBusy = 0xE00002D5;
    /** {@code 0xE00002D6}. */
    public static final int kIOReturnTimeout = 0xE00002D6;
    /** {@code 0xE00002D7}. */
    public static final int kIOReturnOffline = 0xE00002D7;
    /** {@code 0xE00002D8}. */
    public static final int kIOReturnNotReady = 0xE00002D8;
    /** {@code 0xE00002D9}. */
    public static final int kIOReturnNotAttached = 0xE00002D9;
    /** {@code 0xE00002DA}. */
    public static final int kIOReturnNoChannels = 0xE00002DA;
    /** {@code 0xE00002DB}. */
    public static final int kIOReturnNoSpace = 0xE00002DB;
    /** {@code 0xE00002DD}. */
    public static final int kIOReturnPortExists = 0xE00002DD;
    /** {@code 0xE00002DE}. */
    public static final int kIOReturnCannotWire = 0xE00002DE;
    /** {@code 0xE00002DF}. */
    public static final int kIOReturnNoInterrupt = 0xE00002DF;
    /** {@code 0xE00002E0}. */
    public static final int kIOReturnNoFrames = 0xE00002E0;
    /** {@code 0xE00002E1}. */
    public static final int kIOReturnMessageTooLarge = 0xE00002E1;
    /** {@code 0xE00002E2}. */
    public static final int kIOReturnNotPermitted = 0xE00002E2;
    /** {@code 0xE00002E3}. */
    public static final int kIOReturnNoPower = 0xE00002E3;
    /** {@code 0xE00002E4}. */
    public static final int kIOReturnNoMedia = 0xE00002E4;
    /** {@code 0xE00002E5}. */
    public static final int kIOReturnUnformattedMedia = 0xE00002E5;
    /** {@code 0xE00002E6}. */
    public static final int kIOReturnUnsupportedMode = 0xE00002E6;
    /** {@code 0xE00002E7}. */
    public static final int kIOReturnUnderrun = 0xE00002E7;
    /** {@code 0xE00002E8}. */
    public static final int kIOReturnOverrun = 0xE00002E8;
    /** {@code 0xE00002E9}. */
    public static final int kIOReturnDeviceError = 0xE00002E9;
    /** {@code 0xE00002EA}. */
    public static final int kIOReturnNoCompletion = 0xE00002EA;
    /** {@code 0xE00002EB}. */
    public static final int kIOReturnAborted = 0xE00002EB;
    /** {@code 0xE00002EC}. */
    public static final int kIOReturnNoBandwidth = 0xE00002EC;
    /** {@code 0xE00002ED}. */
    public static final int kIOReturnNotResponding = 0xE00002ED;
    /** {@code 0xE00002EE}. */
    public static final int kIOReturnIsoTooOld = 0xE00002EE;
    /** {@code 0xE00002EF}. */
    public static final int kIOReturnIsoTooNew = 0xE00002EF;
    /** {@code 0xE00002F0}. */
    public static final int kIOReturnNotFound = 0xE00002F0;

    /** Mach: the destination port name is not a send right in the caller's space (a dead or released name). */
    public static final int MACH_SEND_INVALID_DEST = 0x10000003;
    /** Mach: a send with a timeout found the destination queue full. */
    public static final int MACH_SEND_TIMED_OUT = 0x10000004;
    /**
     * Mach: a kernel send found the destination queue holding {@code MACH_PORT_QLIMIT_KERNEL} (65,534) messages,
     * so the message was destroyed (osfmk/ipc/ipc_mqueue.c {@code ipc_mqueue_send_locked}).
     */
    public static final int MACH_SEND_NO_BUFFER = 0x1000000D;
    /** Mach: a port right in the message is not held by the sender (e.g. MAKE_SEND without a receive right). */
    public static final int MACH_SEND_INVALID_RIGHT = 0x1000000A;
    /** Mach: the receive timed out. */
    public static final int MACH_RCV_TIMED_OUT = 0x10004003;
    /** Mach: the name does not denote a right in the caller's space. */
    public static final int KERN_INVALID_NAME = 15;
    /** Mach: the name denotes a right of the wrong kind. */
    public static final int KERN_INVALID_RIGHT = 17;
    /**
     * Mach: a value is out of range, e.g. {@code mach_port_mod_refs} taking more user references than the name holds
     * (XNU {@code ipc_right_delta}, {@code MACH_PORT_UREFS_UNDERFLOW}).
     */
    public static final int KERN_INVALID_VALUE = 18;
    /** Mach: the kernel could not get a resource for the request (a terminated task's name space, no daemon). */
    public static final int KERN_RESOURCE_SHORTAGE = 6;
    /** Mach: an argument is invalid. */
    public static final int KERN_INVALID_ARGUMENT = 4;
    /**
     * Mach: the port capability is improper, e.g. releasing the last reference of a pinned name such as
     * {@code mach_task_self()} (XNU {@code ipc_right_dealloc}).
     */
    public static final int KERN_INVALID_CAPABILITY = 20;
    /** MIG: an inline array is longer than its declared maximum (more than 16 scalars, more than 8 references). */
    public static final int MIG_ARRAY_TOO_LARGE = -307;
    /**
     * MIG: the server died during the call: the kernel's {@code mach_msg} to a dext received the send-once
     * notification of the dead reply port instead of a reply (XNU {@code IOUserServer::rpc}). What a call blocked in a
     * driver server that dies gets.
     */
    public static final int MIG_SERVER_DIED = -308;

    private static final java.util.Map<Integer, String> NAMES = names();

    private IOReturn() {
    }

    /**
     * {@return the C name of {@code code}, or {@code 0x%08X} when no constant here has that value}
     *
     * @param code an {@code IOReturn}, Mach or MIG code.
     */
    public static String name(final int code) {
        final String name = NAMES.get(code);
        return name != null ? name : String.format("0x%08X", code);
    }

    /**
     * {@return {@code name(code)} followed by the hex value, e.g. {@code kIOReturnBadArgument (0xE00002C2)}}
     *
     * @param code an {@code IOReturn} code.
     */
    public static String describe(final int code) {
        return String.format("%s (0x%08X)", name(code), code);
    }

    private static java.util.Map<Integer, String> names() {
        final java.util.Map<Integer, String> names = new java.util.HashMap<>();
        for (final java.lang.reflect.Field field : IOReturn.class.getFields()) {
            if (field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (final IllegalAccessException impossible) {
                    throw new AssertionError(impossible);
                }
            }
        }
        return java.util.Map.copyOf(names);
    }
}
