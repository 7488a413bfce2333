package org.iokit4j.systemtests.crash;

import static org.iokit4j.IOReturn.kIOReturnSuccess;

import java.util.concurrent.TimeUnit;
import org.iokit4j.driverkit.IOBufferMemoryDescriptor;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOMemoryDescriptor;
import org.iokit4j.driverkit.IOMemoryMap;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSObject;

/**
 * The user client of both crash-test services. Its external methods run on a queue of their own per client, so one
 * client's blocked call holds no other's.
 */
public class CrashUserClient extends IOUserClient {
    /**
     * Structure input: a file path (UTF-8, up to the first NUL; over 4096 bytes it arrives as a descriptor) it creates
     * once it runs, so a test knows the call is in the driver; then blocks (a minute at most, a guard): the call a test
     * sees cut short by its server's death.
     */
    public static final int kBlock = 0;
    /** Async: keeps its completion (retained), never completing it: the pending completion of a dying server. */
    public static final int kKeep = 1;
    /**
     * Scalar outputs: the driver server's process ID, how many times its provider heard ClientCrashed, and how many
     * user clients of this server got {@code Stop}.
     */
    public static final int kWhoAmI = 2;

    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(CrashUserClient::block)
                .checkStructureInputSize(kIOUserClientVariableStructureSize).build(),
        IOUserClientMethodDispatch.builder(CrashUserClient::keep).checkCompletionExists(true).build(),
        IOUserClientMethodDispatch.builder(CrashUserClient::whoAmI).checkScalarOutputCount(3).build(),
    };

    /** The size of the memory {@code CopyClientMemoryForType} shares (any type): a buffer of this server's. */
    public static final int SHARED_SIZE = 64 * 1024;

    private static final java.util.concurrent.atomic.AtomicInteger STOPS = new java.util.concurrent.atomic.AtomicInteger();

    private IODispatchQueue queue;
    private volatile OSAction kept;
    private IOBufferMemoryDescriptor shared;

    @Override
    public int Start(IOService provider) {
        final int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        final IODispatchQueue[] made = new IODispatchQueue[1];
        final int created = IODispatchQueue.Create("CrashMethods", 0, 0, made);
        if (created != kIOReturnSuccess) {
            return created;
        }
        queue = made[0];
        return SetDispatchQueue(kIOUserClientQueueNameExternalMethod, queue);
    }

    @Override
    public int Stop(IOService provider) {
        STOPS.incrementAndGet();
        final OSAction action = kept;
        kept = null;
        if (action != null) {
            action.release();
        }
        if (queue != null) {
            queue.release();
            queue = null;
        }
        synchronized (this) {
            if (shared != null) {
                shared.release();
                shared = null;
            }
        }
        return super.Stop(provider);
    }

    /** Shares one buffer of {@link #SHARED_SIZE} bytes, made in this server, for every type. */
    @Override
    public synchronized int CopyClientMemoryForType(long type, long[] options, IOMemoryDescriptor[] memory) {
        if (shared == null) {
            final IOBufferMemoryDescriptor[] made = new IOBufferMemoryDescriptor[1];
            final int ret = IOBufferMemoryDescriptor.Create(IOMemoryDescriptor.kIOMemoryDirectionInOut, SHARED_SIZE, 0,
                    made);
            if (ret != kIOReturnSuccess) {
                return ret;
            }
            shared = made[0];
        }
        shared.retain(); // the caller consumes this reference
        memory[0] = shared;
        return kIOReturnSuccess;
    }

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments, IOUserClientMethodDispatch dispatch,
                              OSObject target, Object reference) {
        return super.ExternalMethod(selector, arguments, selector < METHODS.length ? METHODS[(int) selector] : null,
                this, reference);
    }

    private static int block(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        try {
            final byte[] path = structureInput(arguments);
            if (path != null) {
                java.nio.file.Files.createFile(java.nio.file.Path.of(new String(path,
                        java.nio.charset.StandardCharsets.UTF_8).split("\0", 2)[0]));
            }
            TimeUnit.MINUTES.sleep(1);
        } catch (java.io.IOException failed) {
            return org.iokit4j.IOReturn.kIOReturnIOError;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return kIOReturnSuccess;
    }

    /** {@return the structure input's bytes, whether inline or (over 4096 bytes) a descriptor; or {@code null}} */
    private static byte[] structureInput(IOUserClientMethodArguments arguments) {
        if (arguments.structureInput != null) {
            return arguments.structureInput.toByteArray();
        }
        if (arguments.structureInputDescriptor == null) {
            return null;
        }
        final IOMemoryMap[] map = new IOMemoryMap[1];
        final int ret = arguments.structureInputDescriptor.CreateMapping(0, 0, 0, 0, 0, map);
        if (ret != kIOReturnSuccess) {
            throw new org.iokit4j.IOReturnException(ret, "CreateMapping of the structure input failed");
        }
        try {
            return map[0].segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } finally {
            map[0].release();
        }
    }

    private static int keep(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.completion.retain();
        ((CrashUserClient) target).kept = arguments.completion;
        return kIOReturnSuccess;
    }

    private static int whoAmI(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = ProcessHandle.current().pid();
        arguments.scalarOutput[1] = CrashProvider.CLIENT_CRASHED.get();
        arguments.scalarOutput[2] = STOPS.get();
        arguments.scalarOutputCount = 3;
        return kIOReturnSuccess;
    }
}
