package org.iokit4j.mach;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iokit4j.IOReturn;

/**
 * One task's port name space: the table from names ({@code int}s, meaningful only in this space) to rights.
 *
 * <p>A space holds at most one name per port: receive and send rights for the same port share it, and
 * further send rights add user references to it. Names are drawn at random, so a name that means something
 * in one task is, with overwhelming probability, unknown in another: a leaked or guessed name does not reach
 * anything. When a port dies, names for it become <em>dead names</em>: sending to them fails with
 * {@link IOReturn#MACH_SEND_INVALID_DEST}; {@link #deallocate(int)} removes them.
 *
 * <p>A <em>pinned</em> name (the task's {@code mach_task_self()}) cannot lose its last user reference: as XNU's
 * {@code ipc_right_dealloc} does for a pinned port ({@code ip_is_pinned}, osfmk/ipc/ipc_right.c), deallocating it
 * answers {@code KERN_INVALID_CAPABILITY} and changes nothing, so a task can never destroy its own self name.
 * References beyond the last one come and go as usual. A pinned name goes only with the space.
 *
 * <p><b>Concurrency.</b> Thread-safe. The threading contract:
 * <ul>
 *   <li><em>Who runs what.</em> Any thread of the task (or the kernel acting for it) may use the space. Look-ups
 *       ({@code lookup…}, {@link #type}, {@link #sendUserRefs}) are lock-free reads of a concurrent map; every
 *       change (allocate, insert, copy out, deallocate, destroy, terminate) happens under the space's monitor.
 *       Sends and receives go to the port ({@link MachPort}'s own contract): {@link #receive} blocks the calling
 *       thread on the port, never on the space.</li>
 *   <li><em>Happens-before.</em> A change to a name happens-before any look-up that sees it. A look-up racing a
 *       deallocation sees the name or not, never half of it; the right it returns stays usable (a send to a port
 *       that died meanwhile fails with {@code MACH_SEND_INVALID_DEST}).</li>
 *   <li><em>Callbacks.</em> Releasing a right may run a port's no-senders handler; the space calls it after
 *       leaving its monitor, on the releasing thread, so a handler may use the space again.</li>
 *   <li><em>Termination.</em> After {@link #terminate()} every name is gone and every change throws
 *       {@link IllegalStateException} naming the task (the kernel's trap boundary answers it as a code).</li>
 * </ul>
 */
public final class IpcSpace {
    /** {@code MACH_PORT_TYPE_SEND}. */
    public static final int MACH_PORT_TYPE_SEND = 1 << 16;
    /** {@code MACH_PORT_TYPE_RECEIVE}. */
    public static final int MACH_PORT_TYPE_RECEIVE = 1 << 17;
    /** {@code MACH_PORT_TYPE_DEAD_NAME}. */
    public static final int MACH_PORT_TYPE_DEAD_NAME = 1 << 20;
    /** {@code MACH_PORT_RIGHT_SEND}: the right {@link #modRefs} changes (osfmk/mach/port.h). */
    public static final int MACH_PORT_RIGHT_SEND = 0;
    /** {@code MACH_PORT_RIGHT_RECEIVE}. */
    public static final int MACH_PORT_RIGHT_RECEIVE = 1;
    /** {@code MACH_PORT_RIGHT_DEAD_NAME}. */
    public static final int MACH_PORT_RIGHT_DEAD_NAME = 4;
    /**
     * {@code MACH_PORT_UREFS_MAX} (osfmk/ipc/port.h): the most user references a name holds. A count that reaches it
     * is <em>pegged</em>: it no longer moves, except by a {@link #modRefs} of minus this many, as XNU does so that an
     * overflow can never free a right early.
     */
    public static final int MACH_PORT_UREFS_MAX = 0xFFFF;
    /** {@code MACH_PORT_RIGHT_SEND_ONCE}: no name here holds one, but Mach ignores it for a null name. */
    private static final int RIGHT_SEND_ONCE = 2;
    /** {@code MACH_PORT_RIGHT_NUMBER}: rights from here on are no rights ({@code KERN_INVALID_VALUE}). */
    private static final int RIGHT_NUMBER = 6;

    private final String owner;
    private final java.util.SplittableRandom names;
    private final ConcurrentHashMap<Integer, Entry> byName = new ConcurrentHashMap<>();
    private final Map<MachPort, Entry> byPort = new IdentityHashMap<>();
    private boolean terminated;

    /**
     * Creates an empty space for the task named {@code owner}.
     *
     * @param owner the task the space belongs to, in explanations.
     */
    public IpcSpace(String owner) {
        // a split of the JVM's default generator: every space draws its own sequence. Not SecureRandom: names
        // need only be meaningless across tasks, not secret, and seeding SecureRandom costs ~50 ms at boot
        this(owner, new java.util.SplittableRandom());
    }

    /** Creates an empty space drawing its names from {@code names}: tests seed it to get one fixed outcome. */
    IpcSpace(String owner, java.util.SplittableRandom names) {
        this.owner = owner;
        this.names = names;
    }

    /** {@return the owning task's name, for explanations} */
    public String owner() {
        return owner;
    }

    /** {@return how many names the space holds (dead names included): what leak tests count} */
    public int size() {
        return byName.size();
    }

    /**
     * Allocates a new port whose receive right this space holds ({@code mach_port_allocate}); returns its name.
     *
     * @return the new port's name.
     */
    public synchronized int allocateReceive() {
        checkAlive();
        final MachPort port = MachPort.forReceiver(this, MachPort.QLIMIT_DEFAULT);
        final Entry entry = new Entry(freshName(), port);
        entry.receive = true;
        insert(entry);
        return entry.name;
    }

    /**
     * Moves {@code right} into this space (copy-out of a send right) and returns the name for it, reusing the
     * existing name for the port if there is one.
     *
     * @param right the send right.
     * @return the name the right has in this space.
     */
    public int copyoutSend(SendRight right) {
        final MachPort port = right.port();
        synchronized (this) {
            checkAlive();
            // the SendRight is used up here, whatever follows: a released (or already moved) right is refused
            right.transferred();
            Entry entry = byPort.get(port);
            if (entry != null && !port.isDead()) {
                if (entry.sendUrefs > 0) {
                    // merged into the entry's one send right, which keeps the count > 0; a pegged count stays
                    entry.sendUrefs = Math.min(entry.sendUrefs + 1, MACH_PORT_UREFS_MAX);
                    port.releaseSendRight();
                } else {
                    entry.sendUrefs = 1;
                }
                // else a receive-only name gains its send right: the SendRight's count becomes the entry's
                return entry.name;
            }
            entry = new Entry(freshName(), port);
            entry.sendUrefs = 1;
            insert(entry); // the SendRight's count now belongs to the entry
            return entry.name;
        }
    }

    /**
     * Gives this space a send right to {@code port} and returns its name (the kernel handing out an object).
     *
     * @param port the port.
     * @return the name the send right has in this space.
     */
    public int insertSend(MachPort port) {
        return copyoutSend(port.makeSend());
    }

    /**
     * Gives this space a pinned send right to {@code port} ({@code IPC_OBJECT_COPYOUT_FLAGS_PINNED}): the task's
     * own port, whose name {@link #deallocate(int)} never removes.
     */
    synchronized int insertPinnedSend(MachPort port) {
        final int name = insertSend(port);
        byName.get(name).pinned = true;
        return name;
    }

    /**
     * {@return the live port that {@code name} sends to, or {@code null} if the name is unknown, dead, or holds
     * no send right} (receive-only names do not send).
     *
     * @param name the name in the task's space.
     */
    public MachPort lookupSend(int name) {
        final Entry entry = byName.get(name);
        if (entry == null || entry.sendUrefs == 0) {
            return null;
        }
        final MachPort port = entry.port;
        return port.isDead() ? null : port;
    }

    /**
     * {@return the kernel object that {@code name} sends to, or {@code null}}
     *
     * @param name the name in the task's space.
     */
    public Object lookupKernelObject(int name) {
        final MachPort port = lookupSend(name);
        return port == null ? null : port.kobject();
    }

    /**
     * {@return the port whose receive right {@code name} denotes, or {@code null}}
     *
     * @param name the name in the task's space.
     */
    public MachPort lookupReceive(int name) {
        final Entry entry = byName.get(name);
        return entry != null && entry.receive && !entry.port.isDead() ? entry.port : null;
    }

    /**
     * {@code MACH_MSG_TYPE_COPY_SEND}: a new kernel-held send right from this space's send right.
     *
     * @param name the name in the task's space.
     * @return the right, or {@code null} if {@code name} holds no live send right.
     */
    public SendRight copySend(int name) {
        final MachPort port = lookupSend(name);
        return port == null ? null : port.makeSend();
    }

    /**
     * {@code MACH_MSG_TYPE_MAKE_SEND}: a new kernel-held send right made from this space's <em>receive</em>
     * right. This is how a wake port travels.
     *
     * @param name the name in the task's space.
     * @return the right, or {@code null} if {@code name} is not a receive right here (the caller answers
     *         {@code MACH_SEND_INVALID_RIGHT}).
     */
    public SendRight makeSend(int name) {
        final MachPort port = lookupReceive(name);
        return port == null ? null : port.makeSend();
    }

    /**
     * {@return the user references of the send right (or dead name) {@code name}: {@code mach_port_get_refs} for
     * {@code MACH_PORT_RIGHT_SEND}; 0 if the name is unknown or holds no send right}
     *
     * @param name the name in the task's space.
     */
    public int sendUserRefs(int name) {
        final Entry entry = byName.get(name);
        return entry == null ? 0 : entry.sendUrefs;
    }

    /**
     * {@return the {@code MACH_PORT_TYPE_*} bits for {@code name}, or 0 if unknown}
     *
     * @param name the name in the task's space.
     */
    public int type(int name) {
        final Entry entry = byName.get(name);
        if (entry == null) {
            return 0;
        }
        if (entry.port.isDead()) {
            return MACH_PORT_TYPE_DEAD_NAME;
        }
        return (entry.receive ? MACH_PORT_TYPE_RECEIVE : 0) | (entry.sendUrefs > 0 ? MACH_PORT_TYPE_SEND : 0);
    }

    /**
     * {@code mach_port_deallocate}: drops one user reference of a send right or a dead name.
     *
     * @param name the name in the task's space.
     * @return {@code KERN_SUCCESS}, {@code KERN_INVALID_NAME} (unknown), {@code KERN_INVALID_RIGHT}
     *         (a receive-only name) or {@code KERN_INVALID_CAPABILITY} (the last reference of a pinned name,
     *         {@code mach_task_self()}: nothing changes).
     */
    public int deallocate(int name) {
        MachPort released = null;
        synchronized (this) {
            final Entry entry = byName.get(name);
            if (entry == null) {
                return IOReturn.KERN_INVALID_NAME;
            }
            if (entry.sendUrefs == 0) {
                return IOReturn.KERN_INVALID_RIGHT;
            }
            if (entry.pinned && entry.sendUrefs == 1 && !entry.port.isDead()) {
                return IOReturn.KERN_INVALID_CAPABILITY; // XNU ipc_right_dealloc: a pinned right keeps its last uref
            }
            if (entry.sendUrefs == MACH_PORT_UREFS_MAX) {
                return IOReturn.kIOReturnSuccess; // XNU ipc_right_dealloc: "if urefs are pegged ... leave them pegged"
            }
            if (--entry.sendUrefs == 0) {
                released = entry.port;
                if (!entry.receive) {
                    remove(entry);
                }
            }
        }
        if (released != null && !released.isDead()) {
            released.releaseSendRight();
        }
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * {@code mach_port_mod_refs}: adds {@code delta} user references to the right {@code right} of {@code name}, as
     * XNU's {@code mach_port_mod_refs} and {@code ipc_right_delta} (osfmk/ipc/mach_port.c, ipc_right.c) do. The count
     * reaching 0 deallocates the right (a send right's last one may run the port's no-senders handler, on this
     * thread); a dead name is changed only as {@link #MACH_PORT_RIGHT_DEAD_NAME}, never as a send right.
     *
     * @param right {@link #MACH_PORT_RIGHT_SEND}, {@link #MACH_PORT_RIGHT_DEAD_NAME} or
     *              {@link #MACH_PORT_RIGHT_RECEIVE} (whose only deltas are 0 and -1, which destroys the port).
     * @param name  the name in the task's space.
     * @param delta how much to add to the user reference count (negative: remove).
     * @return {@code KERN_SUCCESS} (also for {@code MACH_PORT_NULL} and {@code MACH_PORT_DEAD} with a send right, which
     *         Mach ignores); {@code KERN_INVALID_NAME} for a name the space does not hold; {@code KERN_INVALID_RIGHT}
     *         for a name that holds no such right (a send right whose port died is a dead name now);
     *         {@code KERN_INVALID_VALUE} for a right Mach does not know, a delta beyond
     *         {@link #MACH_PORT_UREFS_MAX}, or one that would take the count below 0; {@code KERN_INVALID_CAPABILITY}
     *         for taking the last reference of a pinned name ({@code mach_task_self()}). A count that would pass
     *         {@link #MACH_PORT_UREFS_MAX} is pegged there and answers {@code KERN_SUCCESS}.
     */
    public int modRefs(int name, int right, int delta) {
        if (right < 0 || right >= RIGHT_NUMBER) {
            return IOReturn.KERN_INVALID_VALUE;
        }
        if (name == 0 || name == -1) { // !MACH_PORT_VALID(name): Mach ignores it for the send rights
            return right == MACH_PORT_RIGHT_SEND || right == RIGHT_SEND_ONCE ? IOReturn.kIOReturnSuccess
                    : IOReturn.KERN_INVALID_NAME;
        }
        if (right == MACH_PORT_RIGHT_RECEIVE) {
            return modReceiveRefs(name, delta);
        }
        MachPort released = null;
        final int result;
        synchronized (this) {
            final Entry entry = byName.get(name);
            if (entry == null) {
                return IOReturn.KERN_INVALID_NAME;
            }
            final boolean dead = entry.sendUrefs > 0 && entry.port.isDead();
            final boolean holds = right == MACH_PORT_RIGHT_SEND ? entry.sendUrefs > 0 && !dead
                    : right == MACH_PORT_RIGHT_DEAD_NAME && dead;
            if (!holds) {
                return IOReturn.KERN_INVALID_RIGHT;
            }
            result = delta(entry, delta);
            if (result == IOReturn.kIOReturnSuccess && entry.sendUrefs == 0) {
                released = dead ? null : entry.port;
                if (!entry.receive) {
                    remove(entry);
                }
            }
        }
        if (released != null) {
            released.releaseSendRight();
        }
        return result;
    }

    /** Applies {@code delta} to a send right's or dead name's user references; the caller holds the monitor. */
    private static int delta(Entry entry, int delta) {
        if (delta > MACH_PORT_UREFS_MAX || delta < -MACH_PORT_UREFS_MAX) {
            return IOReturn.KERN_INVALID_VALUE;
        }
        final int urefs = entry.sendUrefs;
        if (urefs == MACH_PORT_UREFS_MAX) { // pegged: only taking every reference at once changes it
            if (delta == -MACH_PORT_UREFS_MAX) {
                entry.sendUrefs = 0;
            }
            return IOReturn.kIOReturnSuccess;
        }
        if (urefs + delta < 0) {
            return IOReturn.KERN_INVALID_VALUE; // MACH_PORT_UREFS_UNDERFLOW
        }
        if (urefs + delta == 0 && entry.pinned && !entry.port.isDead()) {
            return IOReturn.KERN_INVALID_CAPABILITY; // ipc_right_delta: a pinned right keeps its last uref
        }
        entry.sendUrefs = Math.min(urefs + delta, MACH_PORT_UREFS_MAX); // MACH_PORT_UREFS_OVERFLOW pegs
        return IOReturn.kIOReturnSuccess;
    }

    private int modReceiveRefs(int name, int delta) {
        if (delta == -1) {
            return destroyReceive(name);
        }
        synchronized (this) {
            final int notReceive = notAReceiveRight(byName.get(name));
            if (notReceive != IOReturn.kIOReturnSuccess) {
                return notReceive;
            }
        }
        return delta == 0 ? IOReturn.kIOReturnSuccess : IOReturn.KERN_INVALID_VALUE; // ipc_right_delta: 0 or -1
    }

    /** {@return {@code KERN_INVALID_NAME} for no entry, {@code KERN_INVALID_RIGHT} for one without a receive right} */
    private static int notAReceiveRight(Entry entry) {
        return entry == null ? IOReturn.KERN_INVALID_NAME : entry.receive ? IOReturn.kIOReturnSuccess
                : IOReturn.KERN_INVALID_RIGHT;
    }

    /**
     * Destroys the receive right {@code name} ({@code mach_port_mod_refs(RECEIVE, -1)}): the port dies, its
     * queued messages are dropped, and names for it elsewhere become dead names.
     *
     * @param name the name in the task's space.
     * @return {@code KERN_SUCCESS}, {@code KERN_INVALID_NAME} or {@code KERN_INVALID_RIGHT}.
     */
    public int destroyReceive(int name) {
        final MachPort port;
        synchronized (this) {
            final Entry entry = byName.get(name);
            final int notReceive = notAReceiveRight(entry);
            if (notReceive != IOReturn.kIOReturnSuccess) {
                return notReceive;
            }
            port = entry.port;
            entry.receive = false;
            if (entry.sendUrefs == 0) {
                remove(entry);
            }
        }
        port.destroy();
        return IOReturn.kIOReturnSuccess;
    }

    /**
     * Sends {@code message} to {@code name} with a zero timeout ({@code mach_msg(MACH_SEND_MSG|MACH_SEND_TIMEOUT)}).
     *
     * @param name    the name in the task's space.
     * @param message the message; its rights are moved.
     * @return {@code KERN_SUCCESS}, {@code MACH_SEND_INVALID_DEST} or {@code MACH_SEND_TIMED_OUT}.
     */
    public int send(int name, MachMessage message) {
        final MachPort port = lookupSend(name);
        if (port == null) {
            message.destroy();
            return IOReturn.MACH_SEND_INVALID_DEST;
        }
        final int result = port.enqueue(message, false);
        if (result != 0) {
            message.destroy();
        }
        return result;
    }

    /**
     * {@return the receive right {@code name} as the task uses it, or {@code null} if {@code name} holds no live
     * receive right} The same object for the same right, for the right's whole life: callers may key on it.
     *
     * @param name the name in the task's space.
     */
    public ReceiveRight receiveRight(int name) {
        final Entry entry = byName.get(name);
        if (entry == null || !entry.receive || entry.port.isDead()) {
            return null;
        }
        synchronized (this) {
            if (entry.right == null) {
                entry.right = new SpaceReceiveRight(this, name, entry.port);
            }
            return entry.right;
        }
    }

    /**
     * Receives the next message queued on receive right {@code name}, waiting up to {@code timeoutNanos}.
     *
     * @param name         the name in the task's space.
     * @param timeoutNanos how long to wait at most, in nanoseconds.
     * @return the message, or {@code null} if none arrived in time, the name holds no receive right, or the port
     *         died.
     * @throws InterruptedException if the waiting thread is interrupted.
     */
    public MachMessage receive(int name, long timeoutNanos) throws InterruptedException {
        final MachPort port = lookupReceive(name);
        return port == null ? null : port.poll(timeoutNanos);
    }

    /**
     * {@return {@code message}, taken off a port of this space by hand ({@link #receive}), as a {@link ReceiveRight}
     * would hand it out: its carried rights copied out into this space, their names in {@link MachMessage#names()}}
     *
     * @param message a message received, whose rights become names of this space.
     */
    public MachMessage copyout(MachMessage message) {
        return SpaceReceiveRight.copyout(this, message);
    }

    /** The task is gone: every right it held is released and every port it received dies. */
    public void terminate() {
        final java.util.List<Entry> entries;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
            entries = java.util.List.copyOf(byName.values());
            byName.clear();
            byPort.clear();
        }
        for (Entry entry : entries) {
            if (entry.receive) {
                entry.port.destroy();
            } else if (entry.sendUrefs > 0 && !entry.port.isDead()) {
                entry.port.releaseSendRight();
            }
        }
    }

    @Override
    public String toString() {
        return "IpcSpace[" + owner + ", " + byName.size() + " names]";
    }

    private void checkAlive() {
        if (terminated) {
            throw new IllegalStateException("the task '" + owner + "' has terminated; its name space is gone");
        }
    }

    private int freshName() {
        int name;
        do {
            name = names.nextInt();
        } while (name == 0 || name == -1 || byName.containsKey(name));
        return name;
    }

    private void insert(Entry entry) {
        byName.put(entry.name, entry);
        byPort.put(entry.port, entry);
    }

    private void remove(Entry entry) {
        byName.remove(entry.name, entry);
        byPort.remove(entry.port, entry);
    }

    /** Invariant: {@code receive || sendUrefs > 0}, else the entry is removed; a pinned entry keeps 1 uref. */
    private static final class Entry {
        final int name;
        final MachPort port;
        volatile boolean receive;
        volatile int sendUrefs;
        /** Set once, at insertion, under the space's monitor. */
        volatile boolean pinned;
        /** The receive right's view for its task, made on first use under the space's monitor. */
        ReceiveRight right;

        Entry(int name, MachPort port) {
            this.name = name;
            this.port = port;
        }
    }
}
