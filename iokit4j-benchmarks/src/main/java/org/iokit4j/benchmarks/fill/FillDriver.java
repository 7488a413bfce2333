package org.iokit4j.benchmarks.fill;

import org.iokit4j.benchmarks.driver.BenchDriver;

/**
 * The fill benchmark dext's service: like the bench dext's, it registers itself and makes the user client its
 * personality names ({@link FillUserClient}); a class of its own so clients can match it by name.
 */
public class FillDriver extends BenchDriver {
}
