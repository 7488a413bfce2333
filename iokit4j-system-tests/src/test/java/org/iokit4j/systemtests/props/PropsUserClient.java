package org.iokit4j.systemtests.props;

import static org.iokit4j.driverkit.IOUserClient.kIOUserClientVariableStructureSize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.IOUserClientMethodArguments;
import org.iokit4j.driverkit.IOUserClientMethodDispatch;
import org.iokit4j.driverkit.OSArray;
import org.iokit4j.driverkit.OSContainer;
import org.iokit4j.driverkit.OSContainers;
import org.iokit4j.driverkit.OSDictionary;
import org.iokit4j.driverkit.OSObject;
import org.iokit4j.driverkit.OSString;

/**
 * The properties dext's user client: each method is a driver-side property call an app asks for, its code the
 * method's result (DriverKit IOService.iig; XNU IOUserServer.cpp {@code IOService::*_Impl}).
 */
public class PropsUserClient extends IOUserClient {
    /** Scalar in: n. The service publishes {@code Counter} = n. */
    public static final int kPublish = 0;
    /** Structure in: a key in UTF-8 (empty: a null key). The service removes it from what it published. */
    public static final int kRemove = 1;
    /** Structure in: a name. Makes a {@link PropsChild} and renames it; scalar out: its registry entry ID. */
    public static final int kSpawn = 2;
    /** Scalar in: options. The last child made is terminated ({@code Terminate(options)}). */
    public static final int kTerminateChild = 3;
    /** The driver runs its own checks and publishes the results as the service's {@code SelfCheck} property. */
    public static final int kSelfCheck = 4;
    /** Scalar out: how many {@link PropsChild}ren got {@code Stop}. */
    public static final int kChildStops = 5;

    private static final int ANY = kIOUserClientVariableStructureSize;
    private static final IOUserClientMethodDispatch[] METHODS = {
        IOUserClientMethodDispatch.builder(PropsUserClient::publish).checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(PropsUserClient::remove).checkStructureInputSize(ANY).build(),
        IOUserClientMethodDispatch.builder(PropsUserClient::spawn).checkStructureInputSize(ANY)
                .checkScalarOutputCount(1).build(),
        IOUserClientMethodDispatch.builder(PropsUserClient::terminateChild).checkScalarInputCount(1).build(),
        IOUserClientMethodDispatch.builder(PropsUserClient::selfCheck).build(),
        IOUserClientMethodDispatch.builder((t, r, a) -> {
            a.scalarOutput[0] = PropsChild.STOPS.get();
            return IOReturn.kIOReturnSuccess;
        }).checkScalarOutputCount(1).build(),
    };

    private volatile IOService child;

    @Override
    public int ExternalMethod(long selector, IOUserClientMethodArguments arguments,
                              IOUserClientMethodDispatch dispatch, OSObject target, Object reference) {
        if (selector >= 0 && selector < METHODS.length) {
            return super.ExternalMethod(selector, arguments, METHODS[(int) selector], this, reference);
        }
        return super.ExternalMethod(selector, arguments, dispatch, target, reference);
    }

    private static int publish(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final OSDictionary counter = OSContainers.fromMap(Map.of("Counter", arguments.scalarInput[0]));
        final int ret = ((PropsUserClient) target).GetProvider().SetProperties(counter);
        counter.release();
        return ret;
    }

    private static int remove(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final String key = text(arguments);
        return ((PropsUserClient) target).GetProvider().RemoveProperty(key.isEmpty() ? null : key);
    }

    private static int spawn(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final PropsUserClient self = (PropsUserClient) target;
        final IOService provider = self.GetProvider();
        final IOService[] made = new IOService[1];
        int ret = provider.Create(provider, "ChildProperties", made);
        if (ret != IOReturn.kIOReturnSuccess) {
            return ret;
        }
        self.child = made[0];
        ret = made[0].SetName(text(arguments));
        final long[] id = new long[1];
        return ret != IOReturn.kIOReturnSuccess ? ret : store(made[0].GetRegistryEntryID(id), id, arguments);
    }

    private static int terminateChild(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final IOService last = ((PropsUserClient) target).child;
        return last == null ? IOReturn.kIOReturnNotFound : last.Terminate(arguments.scalarInput[0]);
    }

    /** Runs the driver-side calls whose answers an app cannot see otherwise, and publishes what each gave. */
    private static int selfCheck(OSObject target, Object reference, IOUserClientMethodArguments arguments) {
        final PropsUserClient self = (PropsUserClient) target;
        final IOService service = self.GetProvider();
        final Map<String, Object> report = new LinkedHashMap<>();
        final long[] id = new long[1];
        report.put("GetRegistryEntryID", (long) service.GetRegistryEntryID(id));
        report.put("RegistryEntryID", id[0]);
        final OSString[] name = new OSString[1];
        report.put("CopyName", (long) service.CopyName(name));
        report.put("Name", name[0] == null ? "" : name[0].getCStringNoCopy());
        release(name[0]);
        report.put("UserClientProviderIsTheService", service instanceof PropsDriver);
        final OSDictionary[] copied = new OSDictionary[1];
        report.put("CopyProperties", (long) service.CopyProperties(copied));
        final OSString colour = copied[0] == null ? null
                : OSObject.OSDynamicCast(OSString.class, copied[0].getObject("Colour"));
        report.put("CopiedColour", colour == null ? "" : colour.getCStringNoCopy());
        report.put("CopiedHasUserServiceProperties", copied[0] != null
                && copied[0].getObject("IOUserServiceProperties") != null);
        release(copied[0]);
        report.put("CopyPropertiesNoOut", (long) service.CopyProperties((OSDictionary[]) null));
        report.put("SearchOwn", search(service, "Greeting", 0));
        report.put("SearchParentTable", search(self, "Colour", IOService.kIOServiceSearchPropertyParents));
        report.put("SearchParentPublished", search(self, "Greeting", IOService.kIOServiceSearchPropertyParents));
        report.put("SearchMissing", search(service, "NoSuchKey", IOService.kIOServiceSearchPropertyParents));
        report.put("ProviderClasses", providerClasses(self));
        final IOService nub = service.GetProvider(); // IOUserResources: an entry of the kernel's, not this server's
        final OSDictionary one = OSContainers.fromMap(Map.of("X", 1L));
        report.put("ForeignSetProperties", (long) nub.SetProperties(one));
        one.release();
        report.put("ForeignRemoveProperty", (long) nub.RemoveProperty("X"));
        report.put("ForeignTerminate", (long) nub.Terminate(0));
        report.put("TerminateWithOptions", (long) service.Terminate(1));
        report.put("SetPropertiesNull", (long) service.SetProperties(null));
        report.put("RemovePropertyNull", (long) service.RemoveProperty(null));
        report.put("RemoveNeverPublished", (long) self.RemoveProperty("X"));
        report.put("SetNameNull", (long) service.SetName(null));
        final OSDictionary published = OSContainers.fromMap(Map.of("SelfCheck", report));
        final int ret = service.SetProperties(published);
        published.release();
        return ret;
    }

    /** {@return what {@code SearchProperty} found (a String), or its code (a Long) when it failed} */
    private static Object search(IOService on, String key, long options) {
        final OSContainer[] found = new OSContainer[1];
        final int ret = on.SearchProperty(key, "IOService", options, found);
        if (ret != IOReturn.kIOReturnSuccess) {
            return (long) ret;
        }
        final Object value = OSContainers.toValue(found[0]);
        found[0].release();
        return value;
    }

    /** {@return each entry's {@code IOClass} chain from this user client to the root ({@code CopyProviderProperties})} */
    private static List<Object> providerClasses(IOService self) {
        final OSArray keys = OSArray.withCapacity(1);
        final OSString ioClass = OSString.withCString("IOClass");
        keys.setObject(ioClass);
        ioClass.release();
        final OSArray[] chain = new OSArray[1];
        final int ret = self.CopyProviderProperties(keys, chain);
        keys.release();
        final List<Object> classes = new ArrayList<>();
        if (ret != IOReturn.kIOReturnSuccess) {
            classes.add((long) ret);
            return classes;
        }
        for (int i = 0; i < chain[0].getCount(); i++) {
            final OSDictionary entry = (OSDictionary) chain[0].getObject(i);
            classes.add(OSContainers.toValue(entry.getObject("IOClass")));
        }
        chain[0].release();
        return classes;
    }

    private static int store(int ret, long[] id, IOUserClientMethodArguments arguments) {
        arguments.scalarOutput[0] = id[0];
        arguments.scalarOutputCount = 1;
        return ret;
    }

    private static String text(IOUserClientMethodArguments arguments) {
        return arguments.structureInput == null ? "" : new String(arguments.structureInput.toByteArray(),
                StandardCharsets.UTF_8);
    }

    private static void release(OSObject object) {
        if (object != null) {
            object.release();
        }
    }
}
