/** Load and fault scenarios (issue 8 item 7): the CI short forms and the long-form reliability harness share them. */
package org.iokit4j.systemtests.load;
