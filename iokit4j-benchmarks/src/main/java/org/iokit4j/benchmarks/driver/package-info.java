/** The bench dext: a service and a user client with the smallest methods the call benchmarks measure. */
package org.iokit4j.benchmarks.driver;
