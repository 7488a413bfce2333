/** JMH benchmarks of the call paths, each against a plain-Java baseline measured in the same run. */
package org.iokit4j.benchmarks;
