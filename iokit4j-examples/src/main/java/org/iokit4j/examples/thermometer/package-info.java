/**
 * The thermometer of docs/guide-first-dext.md: a dext ({@link org.iokit4j.examples.thermometer.Thermometer} and
 * {@link org.iokit4j.examples.thermometer.ThermometerUserClient}) with sync reads, a threshold, an async
 * threshold-crossing completion sent from a timer, and a 64 KiB history that travels as a memory descriptor; and two
 * apps that use it, one written as a C app would be ({@link org.iokit4j.examples.thermometer.ThermometerApp}) and one
 * on the Java layer ({@link org.iokit4j.examples.thermometer.ThermometerJavaApp}).
 */
package org.iokit4j.examples.thermometer;
