/**
 * Driver servers in processes of their own (issue 10): {@link org.iokit4j.kerneld.servers.ProcessDextHost} starts a
 * JVM per {@code IOUserServerName}; the kernel drives each through a stand-in ({@code ServerProcess},
 * {@code RemoteObject}) over a {@link org.iokit4j.link.Link}, and serves its calls back ({@code KernelEndpoint}).
 */
package org.iokit4j.kerneld.servers;
