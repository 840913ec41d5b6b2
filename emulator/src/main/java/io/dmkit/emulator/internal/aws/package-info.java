/**
 * The AWS IoT Core dialect of the emulator: mutual-TLS authentication by certificate thumbprint, the
 * Device Shadow service (classic and named shadows) and AWS IoT Commands, over the reserved
 * {@code $aws/} topics. {@link io.dmkit.emulator.internal.aws.AwsDialect} is the entry point; the
 * shadow and command logic lives in small classes that know nothing of the broker.
 */
package io.dmkit.emulator.internal.aws;
