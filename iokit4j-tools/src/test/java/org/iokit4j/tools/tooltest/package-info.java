/** The tools' test dext: a service that registers itself and a user client with sync and async methods. */
package org.iokit4j.tools.tooltest;
