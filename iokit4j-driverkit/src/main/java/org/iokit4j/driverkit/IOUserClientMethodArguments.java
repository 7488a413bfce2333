package org.iokit4j.driverkit;

/**
 * The arguments of one external method call, filled by the runtime exactly as the kernel fills Apple's
 * {@code IOUserClientMethodArguments} (apple-semantics.md §6.1).
 *
 * <ul>
 * <li>{@link #completion} is non-null iff the call carried a wake port; it is guaranteed only during
 *     {@code ExternalMethod}: {@code retain()} it to complete later.</li>
 * <li>{@link #structureInput} holds inline input (1..4096 bytes); larger input arrives as
 *     {@link #structureInputDescriptor} with {@code structureInput == null}.</li>
 * <li>{@link #scalarOutput} always has 16 slots, zero-filled; {@link #scalarOutputCount} starts at the caller's
 *     capacity and what the method leaves there is returned.</li>
 * <li>Set {@link #structureOutput} to return up to {@link #structureOutputMaximumSize} bytes inline; when the
 *     caller's buffer exceeds 4096 bytes, write through {@link #structureOutputDescriptor} instead (setting
 *     {@code structureOutput} as well fails the call with {@code kIOReturnBadArgument}).</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Belongs to the call; valid only during {@code ExternalMethod}.
 */
public final class IOUserClientMethodArguments {
    /** {@code kIOUserClientMethodArgumentsCurrentVersion}. */
    public static final int kIOUserClientMethodArgumentsCurrentVersion = 2;

    /** The structure version, 2. */
    public int version = kIOUserClientMethodArgumentsCurrentVersion;
    /** The method number (the client's unsigned 32-bit selector). */
    public long selector;
    /** The call's completion action, or {@code null} if the call carried no wake port. */
    public OSAction completion;
    /** The scalar inputs ({@link #scalarInputCount} of them). */
    public long[] scalarInput;
    /** How many scalar inputs. */
    public int scalarInputCount;
    /**
     * Inline input structure, or {@code null}: a no-copy {@link OSData} over the call's bytes, as the kernel's is, so
     * {@code appendBytes} on it returns {@code false} and it stays as it arrived (copy it with
     * {@link OSData#withData(OSData)} to build on it).
     */
    public OSData structureInput;
    /** Input structure over 4096 bytes (the caller's memory, read-only), or {@code null}. */
    public IOMemoryDescriptor structureInputDescriptor;
    /** Scalar outputs: 16 slots. */
    public long[] scalarOutput;
    /** In: the caller's capacity. Out: how many scalar outputs are returned. */
    public int scalarOutputCount;
    /** Inline output structure set by the method (one reference is consumed), or {@code null}. */
    public OSData structureOutput;
    /** Output buffer over 4096 bytes (the caller's memory, writable, shared), or {@code null}. */
    public IOMemoryDescriptor structureOutputDescriptor;
    /** The caller's output capacity: inline capacity, descriptor length, or {@code 0xFFFFFFFF} (variable). */
    public long structureOutputMaximumSize;

    /** Why the base {@code ExternalMethod} refused the call (the runtime's explanation), or {@code null}. */
    String refusal;
    /** Whether the call came through an async routine with {@code wake_port = MACH_PORT_NULL} (the seed's bug). */
    boolean asyncWithoutWakePort;
    /** The user mistake behind {@link #refusal}, if recognised. */
    org.iokit4j.Pitfall pitfall;

    /** Creates empty arguments (the runtime fills them). */
    public IOUserClientMethodArguments() {
    }
}
