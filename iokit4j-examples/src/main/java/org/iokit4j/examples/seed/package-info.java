/** The seed: "IOUserClientMethodArguments completion value is always NULL", its dext and app, and the fix. */
package org.iokit4j.examples.seed;
