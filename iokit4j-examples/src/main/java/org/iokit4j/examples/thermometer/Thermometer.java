package org.iokit4j.examples.thermometer;

import static org.iokit4j.IOReturn.kIOReturnError;
import static org.iokit4j.IOReturn.kIOReturnSuccess;
import static org.iokit4j.examples.thermometer.ThermometerShared.kHistorySamples;
import static org.iokit4j.examples.thermometer.ThermometerShared.kTemperatureProperty;

import java.util.concurrent.CopyOnWriteArrayList;
import org.iokit4j.driverkit.IODispatchQueue;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.IOTimerDispatchSource;
import org.iokit4j.driverkit.IOUserClient;
import org.iokit4j.driverkit.MachTime;
import org.iokit4j.driverkit.OSAction;
import org.iokit4j.driverkit.OSDictionary;
import org.iokit4j.driverkit.OSNumber;

/**
 * The thermometer's service: it starts on {@code IOUserResources}, samples a {@link SimulatedSensor} every
 * {@link #SAMPLE_INTERVAL_NS} nanoseconds from a timer on its default queue, keeps the last
 * {@value ThermometerShared#kHistorySamples} samples, publishes the current one as the property
 * {@value ThermometerShared#kTemperatureProperty} ({@code ioreg -l} shows it), tells its user clients about each sample,
 * and answers {@code IOServiceOpen} with a {@link ThermometerUserClient}.
 *
 * <p>The base {@link IOService#NewUserClient} refuses ({@code kIOReturnUnsupported}): a service that offers user clients
 * overrides it and calls {@code Create(this, "UserClientProperties", client)}, which instantiates the dictionary of that
 * key in the personality ({@code IOClass = IOUserUserClient}, {@code IOUserClass} = the Java class).
 *
 * <p><b>Concurrency.</b> {@code Start}, {@code Stop}, the timer's handler and the user clients' external methods all
 * run on the driver server's {@code Default} queue, one at a time, so the history needs no lock; the list of user
 * clients is copy-on-write because {@code NewUserClient} may add to it from another queue.
 */
public class Thermometer extends IOService {
    /** How often the timer samples: every 25 ms. */
    static final long SAMPLE_INTERVAL_NS = 25_000_000L;

    private final long[] history = new long[kHistorySamples];
    private final CopyOnWriteArrayList<ThermometerUserClient> clients = new CopyOnWriteArrayList<>();
    private long samples;
    private volatile long temperature;
    private IODispatchQueue queue;
    private IOTimerDispatchSource timer;
    private OSAction timerAction;

    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        // The timer runs on the service's own queue: the same one its user clients' ExternalMethod runs on.
        final IODispatchQueue[] defaultQueue = new IODispatchQueue[1];
        ret = CopyDispatchQueue(kIOServiceDefaultQueueName, defaultQueue);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        queue = defaultQueue[0];
        final IOTimerDispatchSource[] source = new IOTimerDispatchSource[1];
        ret = IOTimerDispatchSource.Create(queue, source);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        timer = source[0];
        // CreateActionTimerOccurred: an OSAction whose handler is TimerOccurred (args[0] = the time it fired).
        final OSAction[] action = new OSAction[1];
        ret = OSAction.Create(this, this::TimerOccurred, 0, action);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        timerAction = action[0];
        ret = timer.SetHandler(timerAction);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        sample(); // a first reading before anyone can ask
        ret = armTimer();
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        return RegisterService(); // now apps can find it by name
    }

    @Override
    public int Stop(IOService provider) {
        // Cancel the timer and its action: a pending expiry never fires after Cancel.
        if (timer != null) {
            timer.Cancel(() -> { });
        }
        if (timerAction != null) {
            timerAction.Cancel(() -> { });
        }
        return super.Stop(provider);
    }

    @Override
    public void free() {
        if (timerAction != null) {
            timerAction.release();
            timerAction = null;
        }
        if (timer != null) {
            timer.release();
            timer = null;
        }
        if (queue != null) {
            queue.release();
            queue = null;
        }
        super.free();
    }

    /** Called when an app calls {@code IOServiceOpen}: makes the user client named by the personality. */
    @Override
    public int NewUserClient(int type, IOUserClient[] userClient) {
        final IOService[] client = new IOService[1];
        final int ret = Create(this, "UserClientProperties", client);
        if (ret != kIOReturnSuccess) {
            return ret;
        }
        if (!(client[0] instanceof ThermometerUserClient created)) {
            client[0].release();
            return kIOReturnError;
        }
        userClient[0] = created;
        return kIOReturnSuccess;
    }

    /** The timer fired: take a sample, then arm it again. */
    void TimerOccurred(OSAction action, long[] args) {
        sample();
        armTimer();
    }

    /** {@return the latest sample, in milli-degrees Celsius} */
    long temperature() {
        return temperature;
    }

    /**
     * Copies the history, oldest sample first, into {@code into} (at least {@value ThermometerShared#kHistorySamples}
     * long).
     *
     * @return how many samples are valid: at most {@value ThermometerShared#kHistorySamples}.
     */
    int copyHistory(long[] into) {
        final int valid = (int) Math.min(samples, kHistorySamples);
        final long first = samples - valid;
        for (int i = 0; i < valid; i++) {
            into[i] = history[(int) ((first + i) % kHistorySamples)];
        }
        return valid;
    }

    void attach(ThermometerUserClient client) {
        clients.add(client);
    }

    void detach(ThermometerUserClient client) {
        clients.remove(client);
    }

    private int armTimer() {
        return timer.WakeAtTime(IOTimerDispatchSource.kIOTimerClockMachAbsoluteTime,
                MachTime.mach_absolute_time() + SAMPLE_INTERVAL_NS, 0);
    }

    private void sample() {
        final long previous = temperature;
        final long current = SimulatedSensor.read(samples);
        history[(int) (samples % kHistorySamples)] = current;
        samples++;
        temperature = current;
        publish(current);
        if (samples > 1) {
            for (ThermometerUserClient client : clients) {
                client.sampled(previous, current);
            }
        }
    }

    /** Publishes the temperature as a registry property: {@code ioreg -l} and {@code IORegistryEntryCreateCFProperty}. */
    private void publish(long milliDegrees) {
        final OSDictionary properties = OSDictionary.withCapacity(1);
        final OSNumber value = OSNumber.withNumber(milliDegrees, 32);
        properties.setObject(kTemperatureProperty, value);
        value.release();
        SetProperties(properties);
        properties.release();
    }
}
