/**
 * A third party's driver and client, written only from contract.md (names it fixes, nothing else), run as a
 * conformance test against the process's default kernel.
 */
package org.iokit4j.systemtests.thirdparty;
