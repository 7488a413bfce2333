/** IOReturn codes, failures as values with explanations, and the per-thread last failure. */
package org.iokit4j;
