import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Alibaba gm-jsse 1.1.0 ({@code com.aliyun:gmsse}), a third-party TLCP client (ECC_SM4_CBC_SM3 only, no client
 * certificate), as a live peer for gmgw's interop tests. It runs in its own JVM with only gm-jsse and the Bouncy Castle
 * 1.64 jdk15on jars it was built against on its class path, so that build of Bouncy Castle never meets gmgw's.
 *
 * <pre>
 * --host H --port P --trust ROOT.pem [--connections N (100)] [--line TEXT] [--timeout-ms T]
 * </pre>
 *
 * Each connection sends one line and reads it back; one CONN line per connection and a RESULT line go to stdout
 * (tab-separated {@code key=value}); exit 0 only when every connection succeeded.
 *
 * <p>gm-jsse's trust manager checks the chain from the server's second certificate (the encryption certificate) up to
 * a trust anchor, and only that the LAST certificate sent is signed by an anchor: the anchor must be the issuer of the
 * last certificate in the server's chain (the root, when the server sends sign, enc, intermediate). It never checks
 * that the signing certificate was issued by the CA (reference/tlcp.md §4).
 */
public final class GmJsseClient {
    private GmJsseClient() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(options(args));
        } catch (IllegalArgumentException e) {
            out("ERROR", Map.of("usage", e.getMessage()));
            status = 64;
        } catch (Exception e) {
            out("ERROR", Map.of("failure", oneLine(e)));
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    private static int run(Map<String, String> o) throws Exception {
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(required(o, "port"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "100"));
        int timeoutMs = Integer.parseInt(o.getOrDefault("timeout-ms", "30000"));
        String line = o.getOrDefault("line", "ping from gm-jsse client");

        Provider gm = (Provider) Class.forName("com.aliyun.gmsse.GMProvider").getDeclaredConstructor().newInstance();
        Provider bc = (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
                .getDeclaredConstructor().newInstance();
        // gm-jsse verifies with the certificates' own verify(PublicKey): they must be Bouncy Castle's objects.
        CertificateFactory certificates = CertificateFactory.getInstance("X.509", bc);
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int i = 0;
        for (byte[] der : pemCertificates(Path.of(required(o, "trust")))) {
            anchors.setCertificateEntry("ca" + i++,
                    certificates.generateCertificate(new ByteArrayInputStream(der)));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("X509", gm);
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS", gm);
        context.init(null, tmf.getTrustManagers(), null);

        byte[] sent = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int succeeded = 0;
        TreeSet<String> suites = new TreeSet<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("ok", "false");
            fields.put("index", String.valueOf(c));
            long t0 = System.nanoTime();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
                socket.setSoTimeout(timeoutMs);
                socket.setTcpNoDelay(true);
                socket.startHandshake();
                SSLSession session = socket.getSession();
                fields.put("protocol", session.getProtocol());
                fields.put("suite", session.getCipherSuite());
                fields.put("session", session.getId() == null ? "" : HexFormat.of().formatHex(session.getId()));
                fields.put("server", ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName());
                OutputStream out = socket.getOutputStream();
                out.write(sent);
                out.flush();
                byte[] echo = readFully(socket.getInputStream(), sent.length);
                if (!MessageDigest.isEqual(sent, echo)) {
                    throw new IOException("echo differs: sent " + HexFormat.of().formatHex(sent) + ", got "
                            + HexFormat.of().formatHex(echo));
                }
                fields.put("bytes", String.valueOf(sent.length));
                fields.put("ok", "true");
                suites.add(session.getCipherSuite());
                succeeded++;
            } catch (Exception e) {
                fields.put("error", oneLine(e));
                e.printStackTrace(); // stderr: the test shows it when the run fails
            }
            fields.put("ms", String.valueOf((System.nanoTime() - t0) / 1_000_000));
            out("CONN", fields);
        }
        boolean ok = succeeded == connections;
        Map<String, String> result = new LinkedHashMap<>();
        result.put("ok", String.valueOf(ok));
        result.put("connections", String.valueOf(connections));
        result.put("succeeded", String.valueOf(succeeded));
        result.put("failed", String.valueOf(connections - succeeded));
        result.put("suites", String.join(",", suites));
        result.put("ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
        result.put("java", System.getProperty("java.version"));
        out("RESULT", result);
        return ok ? 0 : 1;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] b = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(b, off, length - off);
            if (n < 0) {
                throw new EOFException("server closed after " + off + " of " + length + " echoed bytes");
            }
            off += n;
        }
        return b;
    }

    private static List<byte[]> pemCertificates(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        List<byte[]> blocks = new ArrayList<>();
        for (int from = text.indexOf(begin); from >= 0; from = text.indexOf(begin, from)) {
            int to = text.indexOf(end, from);
            if (to < 0) {
                throw new IllegalArgumentException(file + ": '" + begin + "' without its END line");
            }
            blocks.add(Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to)));
            from = to + end.length();
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM CERTIFICATE");
        }
        return blocks;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            v.put(args[i].substring(2), args[i + 1]);
        }
        return v;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static void out(String kind, Map<String, String> fields) {
        StringBuilder b = new StringBuilder(kind);
        fields.forEach((k, v) -> b.append('\t').append(k).append('=')
                .append(v == null ? "" : v.replaceAll("[\\t\\r\\n]+", " ")));
        System.out.println(b);
        System.out.flush();
    }

    private static String oneLine(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }
}
