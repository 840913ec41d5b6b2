/**
 * Text as it travels: strict UTF-8 ({@link io.dmkit.wire.text.Utf8}), the percent-encoding of
 * property bags ({@link io.dmkit.wire.text.PercentCodec}), and values as a log line or an error
 * message may show them ({@link io.dmkit.wire.text.Printable}). Depends on nothing but the JDK.
 */
package io.dmkit.wire.text;
