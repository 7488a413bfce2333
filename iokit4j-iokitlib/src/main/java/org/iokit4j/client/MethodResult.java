package org.iokit4j.client;

import java.util.Arrays;

/**
 * What a successful external method call returned.
 *
 * @param scalars    the scalar outputs the driver returned (as many as it set).
 * @param structure  the inline structure output (a copy), empty if none; for outputs over 4096 bytes the bytes
 *                   are in the caller's own buffer and this is empty.
 * @param structureSize the size the call reported ({@code *outputStructCnt}).
 */
public record MethodResult(long[] scalars, byte[] structure, long structureSize) {

    /**
     * {@return scalar output {@code index}}
     *
     * @param index which scalar output, from 0.
     */
    public long scalar(int index) {
        if (index < 0 || index >= scalars.length) {
            throw new IndexOutOfBoundsException("scalar output index=" + index + " but the driver returned "
                    + scalars.length);
        }
        return scalars[index];
    }

    @Override
    public String toString() {
        return "MethodResult[scalars=" + Arrays.toString(scalars) + ", structure=" + structure.length + " bytes]";
    }
}
