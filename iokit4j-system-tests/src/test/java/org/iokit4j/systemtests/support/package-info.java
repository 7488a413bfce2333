/** What the system tests share: the test dexts' common service, isolated test kernels and their checks. */
package org.iokit4j.systemtests.support;
