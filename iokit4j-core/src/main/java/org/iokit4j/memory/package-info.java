/** Memory that can be shared between tasks: file-backed regions, their mappings, and each task's address map. */
package org.iokit4j.memory;
