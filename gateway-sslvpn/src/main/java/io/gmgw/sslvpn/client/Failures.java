package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.cstp.CstpProtocolException;
import io.netty.handler.codec.DecoderException;
import javax.net.ssl.SSLException;

/** How the client classifies what broke a connection, and how it shows text a peer sent. */
final class Failures {
    private Failures() {
    }

    /** A failure of the secure channel's handshake: certificate and alert problems are final, I/O ones retried. */
    static VpnClientException secureChannel(Throwable cause) {
        if (cause instanceof VpnClientException v) {
            return v;
        }
        if (cause instanceof java.io.IOException && !(cause instanceof SSLException)) {
            return new VpnClientException(VpnClientException.Kind.NETWORK, "the secure channel broke during its "
                    + "handshake: " + cause.getMessage(), cause);
        }
        return new VpnClientException(VpnClientException.Kind.SECURE_CHANNEL, "the secure channel could not be "
                + "established: " + cause.getMessage(), cause);
    }

    /** An exception from the pipeline: bad frames and bad HTTP are protocol errors, I/O errors are network ones. */
    static VpnClientException channel(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof VpnClientException v) {
            return v;
        }
        if (c instanceof CstpProtocolException || cause instanceof DecoderException) {
            return new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway broke the protocol: "
                    + c.getMessage(), c);
        }
        if (c instanceof java.io.IOException) {
            return new VpnClientException(VpnClientException.Kind.NETWORK, "network error: " + c.getMessage(), c);
        }
        return new VpnClientException(VpnClientException.Kind.SECURE_CHANNEL, "the secure channel failed: " + c, c);
    }

    /** Text from the peer made safe for one log line. */
    static String printable(String s) {
        return s.codePoints().limit(200).map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    }
}
