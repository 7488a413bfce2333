/** The tools' test dext: a service that registers itself and a user client with a sum and an echo method. */
package org.iokit4j.tools.tooltest;
