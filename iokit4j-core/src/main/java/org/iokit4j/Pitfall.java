package org.iokit4j;

/**
 * The mistakes users of Apple's IOKit make again and again (apple-semantics.md §10), which iokit4j recognises and
 * explains, where Apple only returns a code or silently drops a completion.
 *
 * <p>Each is reported once per call site by {@link Pitfalls#report}, in words a newcomer understands, with the fix.
 */
public enum Pitfall {
    /** §10.1: the IOKit main port ({@code MACH_PORT_NULL}) passed as the wake port: the call has no completion. */
    MAIN_PORT_AS_WAKE_PORT,
    /** §10.2: an array-form callback for a completion of 0–2 arguments, or a fixed-arity one for 3 or more. */
    CALLBACK_ARITY,
    /** §10.6: a call's completion kept without {@code retain()}, then completed after {@code ExternalMethod}. */
    UNRETAINED_ACTION,
    /** §10.9: an async call to a method whose dispatch entry forbids a completion. */
    COMPLETION_FORBIDDEN,
    /** §10.4: {@code structureOutput} set although the output arrived as a descriptor (over 4096 bytes). */
    STRUCTURE_OUTPUT_WITH_DESCRIPTOR
}
