package io.dmkit.transport.mqtt.tls;

import io.dmkit.transport.mqtt.PskHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP socket that runs TLS-PSK over itself with Bouncy Castle in non-blocking mode.
 *
 * <p>Why non-blocking: Paho sets a 1 s read timeout and expects reads to throw
 * {@link SocketTimeoutException} every second. BC's blocking mode reads from the socket itself,
 * and a timeout in the middle of a record can leave its record layer half-read. Here the socket's
 * own stream is read directly and complete chunks are handed to BC with {@code offerInput}; a
 * timeout happens before BC sees any byte, so the TLS state is never touched by it.
 *
 * <p>Threads: Paho reads on one thread and writes on another. {@code protocolLock} guards every
 * call into BC (short, never blocks on I/O). {@code writeLock} orders raw writes: whoever drains
 * BC's output also writes it, under {@code writeLock}, so records reach the wire in the order BC
 * sequenced them. Lock order is always writeLock, then protocolLock.
 */
final class PskSocket extends Socket {

    private static final Logger LOG = LoggerFactory.getLogger(PskSocket.class);

    /** Used when connect is given no timeout (0): a handshake must not hang forever. */
    static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    /** How long close() waits for a writer before giving up on sending close_notify. */
    private static final long CLOSE_NOTIFY_WAIT_MILLIS = 200;
    /** A TLS record is at most 16 KiB plus overhead; one read of this size holds one or more records. */
    private static final int READ_BUFFER_BYTES = 16 * 1024 + 2048;

    private final TlsCrypto crypto;
    private final String identity;
    private final byte[] psk;

    private final Object protocolLock = new Object();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final TlsInput input = new TlsInput();
    private final TlsOutput output = new TlsOutput();
    private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile TlsClientProtocol protocol;
    private volatile PskTlsClient client;
    private volatile boolean established;
    private InputStream rawIn;
    private OutputStream rawOut;

    PskSocket(TlsCrypto crypto, String identity, byte[] psk) {
        this.crypto = crypto;
        this.identity = identity;
        this.psk = psk;
    }

    /**
     * Opens TCP, then performs the TLS-PSK handshake. Each step may take up to {@code timeout} ms;
     * with 0 (no timeout) the handshake still ends after {@value #DEFAULT_HANDSHAKE_TIMEOUT_MILLIS} ms.
     *
     * @throws PskHandshakeException if the handshake fails; the socket is then closed
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        super.connect(endpoint, timeout);
        try {
            handshake(endpoint, timeout > 0 ? timeout : DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            super.close();
            throw e;
        }
    }

    private void handshake(SocketAddress endpoint, int timeoutMillis) throws IOException {
        String peer = describe(endpoint);
        rawIn = super.getInputStream();
        rawOut = super.getOutputStream();
        client = new PskTlsClient(crypto, identity, psk, sniHostName(endpoint));
        protocol = new TlsClientProtocol();
        int savedTimeout = super.getSoTimeout();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            synchronized (protocolLock) {
                protocol.connect(client); // queues the ClientHello; non-blocking mode
            }
            while (true) {
                flushProtocolOutput();
                if (!handshaking()) {
                    break;
                }
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    throw new SocketTimeoutException();
                }
                super.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining)));
                int n = rawIn.read(readBuffer);
                if (n < 0) {
                    throw failure(peer, "the server closed the connection during the handshake", null);
                }
                synchronized (protocolLock) {
                    protocol.offerInput(readBuffer, 0, n);
                }
            }
        } catch (TlsFatalAlertReceived e) {
            throw failure(peer, "the server refused it with alert " + AlertDescription.getText(e.getAlertDescription())
                    + hint(e.getAlertDescription()), e);
        } catch (TlsFatalAlert e) {
            sendPendingAlertQuietly();
            throw failure(peer, "this side aborted it with alert " + AlertDescription.getText(e.getAlertDescription())
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (SocketTimeoutException e) {
            throw failure(peer, "it did not complete within " + timeoutMillis + " ms", e);
        } catch (PskHandshakeException e) {
            throw e;
        } catch (IOException e) {
            throw failure(peer, "the connection broke: " + e, e);
        } finally {
            super.setSoTimeout(savedTimeout);
        }
        synchronized (protocolLock) {
            if (!protocol.isConnected() || protocol.isClosed()) {
                throw failure(peer, "the TLS engine stopped without completing it", null);
            }
        }
        established = true;
        LOG.debug("TLS-PSK session with {} as '{}': {}", peer, identity, client.selectedCipherSuite());
    }

    private boolean handshaking() {
        synchronized (protocolLock) {
            return protocol.isHandshaking();
        }
    }

    private PskHandshakeException failure(String peer, String why, Throwable cause) {
        short alert = PskHandshakeException.NO_ALERT;
        boolean received = false;
        if (cause instanceof TlsFatalAlertReceived) {
            alert = ((TlsFatalAlertReceived) cause).getAlertDescription();
            received = true;
        } else if (cause instanceof TlsFatalAlert) {
            alert = ((TlsFatalAlert) cause).getAlertDescription();
        }
        return new PskHandshakeException("TLS-PSK handshake with " + peer + " as identity '" + identity
                + "' failed: " + why, alert, received, cause);
    }

    private static String hint(short alert) {
        switch (alert) {
            case AlertDescription.unknown_psk_identity:
                return " (the server does not know this identity)";
            case AlertDescription.decrypt_error:
            case AlertDescription.bad_record_mac:
                return " (the server's key for this identity differs: wrong PSK)";
            case AlertDescription.handshake_failure:
            case AlertDescription.insufficient_security:
                return " (no TLS 1.2 PSK cipher suite in common)";
            default:
                return "";
        }
    }

    /** The negotiated cipher suite (for tests and diagnostics), or null before the handshake. */
    String cipherSuite() {
        PskTlsClient c = client;
        return c == null ? null : c.selectedCipherSuite();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireEstablished();
        return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireEstablished();
        return output;
    }

    private void requireEstablished() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (!established) {
            throw new SocketException("TLS-PSK socket is not connected");
        }
    }

    /**
     * Sends close_notify if it can do so without waiting behind a blocked writer, then closes the
     * TCP socket (which also ends a read blocked in another thread).
     */
    @Override
    public void close() throws IOException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (established && writeLock.tryLock(CLOSE_NOTIFY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                try {
                    synchronized (protocolLock) {
                        protocol.close(); // queues close_notify
                    }
                    drainOutput();
                } catch (IOException | RuntimeException e) {
                    // best effort: the peer may be gone already
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            super.close();
        }
    }

    @Override
    public String toString() {
        return "PskSocket[identity=" + identity + ", " + super.toString() + "]";
    }

    /** Writes whatever BC has queued (handshake messages, alerts, records). */
    private void flushProtocolOutput() throws IOException {
        writeLock.lock();
        try {
            drainOutput();
        } finally {
            writeLock.unlock();
        }
    }

    /** Caller holds writeLock. */
    private void drainOutput() throws IOException {
        boolean wrote = false;
        while (true) {
            byte[] chunk;
            synchronized (protocolLock) {
                int available = protocol.getAvailableOutputBytes();
                if (available == 0) {
                    break;
                }
                chunk = new byte[available];
                protocol.readOutput(chunk, 0, available);
            }
            rawOut.write(chunk);
            wrote = true;
        }
        if (wrote) {
            rawOut.flush();
        }
    }

    /**
     * After offering input: a failed engine has queued its fatal alert, sent as a courtesy (the
     * failure itself is already on its way to the caller); a working one may have queued a reply,
     * such as the answer to the peer's close_notify, which must go out.
     */
    private void flushAfterInput() throws IOException {
        boolean failed;
        synchronized (protocolLock) {
            failed = protocol.isClosed();
        }
        if (failed) {
            sendPendingAlertQuietly();
        } else {
            flushProtocolOutput();
        }
    }

    private void sendPendingAlertQuietly() {
        try {
            flushProtocolOutput();
        } catch (IOException | RuntimeException e) {
            // the connection already failed; the alert is a courtesy
        }
    }

    private static String describe(SocketAddress endpoint) {
        if (endpoint instanceof InetSocketAddress) {
            InetSocketAddress address = (InetSocketAddress) endpoint;
            return address.getHostString() + ":" + address.getPort();
        }
        return String.valueOf(endpoint);
    }

    /** SNI carries host names only (RFC 6066 §3), never an IP literal. */
    private static String sniHostName(SocketAddress endpoint) {
        if (!(endpoint instanceof InetSocketAddress)) {
            return null;
        }
        String host = ((InetSocketAddress) endpoint).getHostString();
        boolean ipLiteral = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        return ipLiteral ? null : host;
    }

    /** Application data in: raw bytes from the socket are offered to BC, decrypted data handed out. */
    private final class TlsInput extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        /**
         * Blocks until decrypted data is available or the raw read fails. A raw
         * {@link SocketTimeoutException} propagates as is, before any byte reached BC.
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            readLock.lock();
            try {
                while (true) {
                    synchronized (protocolLock) {
                        int n = protocol.readInput(b, off, len);
                        if (n > 0) {
                            return n;
                        }
                        if (protocol.isClosed()) {
                            return -1;
                        }
                    }
                    int raw = rawIn.read(readBuffer);
                    if (raw < 0) {
                        endOfInput();
                        return -1;
                    }
                    try {
                        synchronized (protocolLock) {
                            protocol.offerInput(readBuffer, 0, raw);
                        }
                    } finally {
                        // input may produce output: the reply to a close_notify, or the alert for bad input
                        flushAfterInput();
                    }
                }
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public int available() {
            synchronized (protocolLock) {
                return protocol.getAvailableInputBytes();
            }
        }

        /** TCP ended; with or without close_notify the MQTT stream ends here (a cut MQTT packet is detected by Paho). */
        private void endOfInput() {
            synchronized (protocolLock) {
                try {
                    protocol.closeInput();
                } catch (IOException e) {
                    // no close_notify before TCP FIN: truncation is reported to the caller as end of stream
                }
            }
        }

        @Override
        public void close() throws IOException {
            PskSocket.this.close();
        }
    }

    /** Application data out: encrypted by BC and written to the socket under writeLock. */
    private final class TlsOutput extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return;
            }
            writeLock.lock();
            try {
                synchronized (protocolLock) {
                    protocol.writeApplicationData(b, off, len);
                }
                drainOutput();
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            PskSocket.this.close();
        }
    }
}
