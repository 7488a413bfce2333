package org.iokit4j.examples.nulldriver;

import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnSuccess;

import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;

/**
 * Apple's {@code NullDriver}, the sample's service, ported line by line: it starts on {@code IOUserResources},
 * registers itself so apps can find it by name, and answers {@code IOServiceOpen} with a
 * {@link NullDriverUserClient} made from the personality's {@code UserClientProperties}.
 *
 * <p>Ported from Apple's sample "Communicating between a DriverKit extension and a client app", as published in
 * {@code mihaelamj/cupertino-sample-code}, {@code driverkit-communicating-between-a-driverkit-extension-and-a-client-app/
 * DriverKitUserClientSample/NullDriver/NullDriver.cpp} and {@code NullDriver/Info.plist} (the personality is in this
 * module's {@code META-INF/driverkit/Info.plist}). {@code Log} is {@code os_log}; here it goes to
 * {@link System.Logger} at DEBUG with the sample's prefix, {@code "NullDriver Base - "}.
 */
public class NullDriver extends IOService {
    private static final System.Logger LOG = System.getLogger(NullDriver.class.getName());

    // struct NullDriver_IVars { NullDriverUserClient* userClient = nullptr; };
    private NullDriverUserClient userClient;

    static void Log(System.Logger log, String prefix, String format, Object... args) {
        log.log(System.Logger.Level.DEBUG, () -> prefix + String.format(format, args));
    }

    private static void Log(String format, Object... args) {
        Log(LOG, "NullDriver Base - ", format, args);
    }

    // MARK: Dext Lifecycle Management
    @Override
    public boolean init() {
        Log("init()");

        final boolean result = super.init();
        if (!result) {
            Log("init() - super::init failed.");
            return false;
        }

        // ivars = IONewZero(NullDriver_IVars, 1): Java fields start zeroed.
        Log("init() - Finished.");
        return true;
    }

    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            Log("Start() - super::Start failed with error: 0x%08x.", ret);
            return ret;
        }

        ret = RegisterService();
        if (ret != kIOReturnSuccess) {
            Log("Start() - Failed to register service with error: 0x%08x.", ret);
            return ret;
        }

        Log("Start() - Finished.");
        return kIOReturnSuccess;
    }

    @Override
    public int Stop(IOService provider) {
        Log("Stop()");

        // The user client will clean itself up, no need to clean it up here.

        final int ret = super.Stop(provider);
        if (ret != kIOReturnSuccess) {
            Log("Stop() - super::Stop failed with error: 0x%08x.", ret);
        }

        Log("Stop() - Finished.");
        return ret;
    }

    @Override
    public void free() {
        Log("free()");

        // OSSafeReleaseNULL(ivars->userClient)
        if (userClient != null) {
            userClient.release();
            userClient = null;
        }

        super.free();
    }

    // When an application attaches to the dext via IOServiceOpen, this method runs as a callback.
    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        final IOService[] client = new IOService[1];

        Log("NewUserClient()");

        final int ret = Create(this, "UserClientProperties", client);
        if (ret != kIOReturnSuccess) {
            Log("NewUserClient() - Failed to create UserClientProperties with error: 0x%08x.", ret);
            return ret;
        }

        // *userClient = OSDynamicCast(NullDriverUserClient, client);
        if (!(client[0] instanceof NullDriverUserClient created)) {
            Log("NewUserClient() - Failed to cast new client.");
            client[0].release();
            return kIOReturnError;
        }
        userClient[0] = created;

        Log("NewUserClient() - Finished.");
        return kIOReturnSuccess;
    }
}
