package org.iokit4j.examples.seed;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * What the seed's dext and app share, as a C header would: the selectors and {@code ReadDataStruct}.
 *
 * <pre>
 * enum { ExternalMethodType_RegisterAsyncCallback = 0, ExternalMethodType_AsyncRequest = 1,
 *        NumberOfExternalMethods };
 * typedef struct { uint64_t foo; uint64_t bar; } ReadDataStruct;   // 16 bytes
 * </pre>
 */
public final class MyDriverShared {
    /** Register the app's callback: keeps the call's OSAction for later completions. */
    public static final int ExternalMethodType_RegisterAsyncCallback = 0;
    /** Ask the dext for data: it answers later through the registered callback. */
    public static final int ExternalMethodType_AsyncRequest = 1;
    /** Has to be last. */
    public static final int NumberOfExternalMethods = 2;

    /** The app's name for selector 0, as in the question. */
    public static final int MessageType_RegisterAsyncCallback = ExternalMethodType_RegisterAsyncCallback;
    /** The app's name for selector 1. */
    public static final int MessageType_AsyncRequest = ExternalMethodType_AsyncRequest;

    /** {@code ReadDataStruct}: {@code { uint64_t foo; uint64_t bar; }}. */
    public static final StructLayout ReadDataStruct = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("foo"), ValueLayout.JAVA_LONG.withName("bar"));
    /** {@code sizeof(ReadDataStruct)}. */
    public static final int sizeof_ReadDataStruct = (int) ReadDataStruct.byteSize();

    private MyDriverShared() {
    }
}
