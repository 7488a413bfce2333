package org.iokit4j.driverkit;

/**
 * One range of a client task's memory, DriverKit's {@code IOAddressSegment}, for
 * {@link IOUserClient#CreateMemoryDescriptorFromClient}.
 *
 * <p>A Java client has no raw pointers to give: its addresses are those {@code IOConnectMapMemory64} returned
 * (any range inside such a mapping of the same task).
 *
 * @param address the client address.
 * @param length  the length in bytes.
 */
public record IOAddressSegment(long address, long length) {
}
