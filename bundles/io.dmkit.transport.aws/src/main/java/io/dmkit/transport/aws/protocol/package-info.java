/**
 * The AWS IoT Core wire grammar both sides speak: the reserved {@code $aws/} topics of the Device
 * Shadow service and of AWS IoT Commands, and the statuses and reason codes of command executions
 * (protocols.md §3.2, §3.5, §7.5). The transport uses it as a device; the emulator's AWS dialect uses
 * the same classes as the service, so the two cannot drift apart.
 *
 * <p>Not exported: this is not API. The emulator, a plain Java program, puts the transport's jar on
 * its class path.
 */
package io.dmkit.transport.aws.protocol;
