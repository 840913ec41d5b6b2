/**
 * The AWS IoT Core transport's implementation: private to the bundle. {@code AwsTransportFactory}
 * creates an {@code AwsTransport} per session from {@code AwsSettings}; the mapping of each AWS feature
 * onto dmkit's model lives in a class of its own (shadow and twin, command executions, telemetry,
 * failure hints).
 */
package io.dmkit.transport.aws.internal;
