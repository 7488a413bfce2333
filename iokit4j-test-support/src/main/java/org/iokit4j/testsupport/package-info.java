/** Helpers the modules' tests share: seeded two-thread stress rounds, child JVMs for kill tests, log capture. */
package org.iokit4j.testsupport;
