package org.iokit4j.remote;

/**
 * The operations of the daemon protocol: each routine of {@link org.iokit4j.mig.IOKitServer}, the two hellos that
 * start a connection, and the frames the daemon pushes.
 *
 * <p>A connection starts with the daemon's {@link Greeting}. Then the client says which kind it is: the
 * <em>session</em> connection ({@link #HELLO_SESSION}: the task's life — the daemon makes a task for the peer, pushes
 * its messages ({@link #MESSAGE}) and ends the task when the connection closes) or a <em>call</em> connection
 * ({@link #HELLO_CALLS}: strict request and reply, one at a time, for the calling thread). Every reply starts with an
 * {@code int} code (0 = success) and the explanation string ({@code null} on success); then the routine's outputs.
 */
public final class Op {
    public static final int HELLO_SESSION = 1;
    public static final int HELLO_CALLS = 2;

    public static final int MAIN_PORT = 10;
    public static final int GET_MATCHING_SERVICES = 11;
    public static final int ITERATOR_NEXT = 12;
    public static final int ITERATOR_RESET = 13;
    public static final int ENTRY_GET_NAME = 14;
    public static final int ENTRY_GET_PROPERTY = 15;
    public static final int ENTRY_GET_ID = 16;
    public static final int OBJECT_GET_CLASS = 17;
    public static final int SERVICE_OPEN = 18;
    public static final int SERVICE_CLOSE = 19;
    public static final int CONNECT_METHOD = 20;
    public static final int MAP_MEMORY = 21;
    public static final int UNMAP_MEMORY = 22;
    public static final int ADD_NOTIFICATION = 23;
    public static final int ADD_INTEREST = 24;

    public static final int PORT_ALLOCATE = 30;
    public static final int PORT_DEALLOCATE = 31;
    public static final int PORT_DESTROY = 32;
    public static final int PORT_TYPE = 33;
    public static final int PORT_SEND_REFS = 34;
    public static final int VM_RESOLVE = 35;
    public static final int SHARED_ALLOCATE = 36;
    public static final int SHARED_RELEASE = 37;
    /** {@code connect ringPath} → failure: the connection's driver server takes the app's ring (the direct path). */
    public static final int DIRECT_ATTACH = 38;

    public static final int KERNEL_PROBLEMS = 41;

    // objects and connections (issue 11): 90..109
    public static final int OBJECT_CONFORMS_TO = 90;
    public static final int OBJECT_RETAIN_COUNT = 91;
    public static final int OBJECT_SUPERCLASS = 92;
    public static final int OBJECT_BUNDLE_IDENTIFIER = 93;
    public static final int ITERATOR_IS_VALID = 94;
    public static final int CONNECT_GET_SERVICE = 95;
    public static final int CONNECT_SET_NOTIFICATION_PORT = 96;
    public static final int SERVICE_BUSY_STATE = 97;
    public static final int SERVICE_WAIT_QUIET = 98;
    public static final int REGISTRY_BUSY_STATE = 99;
    public static final int REGISTRY_WAIT_QUIET = 100;
    /** {@code name right delta} → a Mach code: {@code mach_port_mod_refs}. */
    public static final int PORT_MOD_REFS = 101;
    /** The registry's planes (issue 11): {@code IOKitServer.registryGetRootEntry} → root. */
    public static final int REGISTRY_ROOT = 70;
    /** {@code path} → entry. */
    public static final int ENTRY_FROM_PATH = 71;
    /** {@code entry plane} → path. */
    public static final int ENTRY_GET_PATH = 72;
    /** {@code entry plane} → name. */
    public static final int ENTRY_NAME_IN_PLANE = 73;
    /** {@code entry plane} → location. */
    public static final int ENTRY_LOCATION_IN_PLANE = 74;
    /** {@code entry plane} → iterator. */
    public static final int ENTRY_CHILD_ITERATOR = 75;
    /** {@code entry plane} → iterator. */
    public static final int ENTRY_PARENT_ITERATOR = 76;
    /** {@code plane options} → iterator. */
    public static final int REGISTRY_CREATE_ITERATOR = 77;
    /** {@code entry plane options} → iterator. */
    public static final int ENTRY_CREATE_ITERATOR = 78;
    /** {@code iterator} → failure. */
    public static final int ITERATOR_ENTER = 79;
    /** {@code iterator} → failure. */
    public static final int ITERATOR_EXIT = 80;
    /** {@code entry plane} → in plane. */
    public static final int ENTRY_IN_PLANE = 81;
    /** {@code entry plane key options} → value. */
    public static final int ENTRY_SEARCH_PROPERTY = 82;
    /** {@code service matching} → matches. */
    public static final int MATCH_PROPERTY_TABLE = 83;
    /** {@code entry} → the entry's properties ({@code IORegistryEntryCreateCFProperties}). */
    public static final int ENTRY_GET_PROPERTIES = 110;
    /** {@code entry value} → failure ({@code IORegistryEntrySetCFProperties}). */
    public static final int ENTRY_SET_PROPERTIES = 111;

    /** Daemon → client on the session connection: a message received on one of the task's ports. */
    public static final int MESSAGE = 60;
    /** Client → daemon on the session connection: how many messages of a port the client has taken. */
    public static final int MESSAGE_ACK = 61;

    private Op() {
    }
}
