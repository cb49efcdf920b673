package io.gmgw.gateway.control;

import io.gmgw.files.ExclusiveFileLock;
import io.gmgw.gateway.GatewayException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket's file and its folder, claimed for one gateway: the folder must be the gateway user's alone
 * (created 0700 when missing, refused when another user owns it or others may enter it), a lock beside the socket
 * ({@code control.sock.lock}, held while the gateway runs) keeps a second gateway from taking the same path, a
 * socket file left by a gateway that died is removed (nobody answers on it), one that answers is refused, and the
 * new socket is owner-only (0600). Closing removes the socket and releases the lock.
 */
final class ControlSocketBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("control");
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socket;
    private final ExclusiveFileLock lock;
    private final ServerSocketChannel channel;
    private final UserPrincipal owner;
    private final long ownerUid;

    private ControlSocketBinding(Path socket, ExclusiveFileLock lock, ServerSocketChannel channel,
            UserPrincipal owner, long ownerUid) {
        this.socket = socket;
        this.lock = lock;
        this.channel = channel;
        this.owner = owner;
        this.ownerUid = ownerUid;
    }

    static ControlSocketBinding bind(Path requested, int backlog) {
        Path socket = requested.toAbsolutePath().normalize();
        String tooLong = ControlSocketPaths.problem(socket);
        if (tooLong != null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "control socket " + socket + ": " + tooLong);
        }
        long uid = ControlSocketPaths.processUid();
        Path folder = privateFolder(socket.getParent(), uid);
        ExclusiveFileLock lock;
        try {
            lock = ExclusiveFileLock.tryAcquire(folder.resolve(socket.getFileName() + ".lock"));
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket " + socket + ": cannot lock "
                    + socket.getFileName() + ".lock beside it (" + e.getMessage() + ")", e);
        }
        if (lock == null) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket " + socket + " belongs to "
                    + "another gateway that is running (it holds " + socket.getFileName() + ".lock): stop that one, "
                    + "or give this one another control.socket");
        }
        try {
            removeStale(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(socket), backlog);
                // The folder keeps others out already; the mode says the same on the file itself.
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                UserPrincipal owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS);
                return new ControlSocketBinding(socket, lock, channel, owner, uid);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof GatewayException g) {
                throw g;
            }
            throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket " + socket + ": cannot listen "
                    + "(" + e.getMessage() + ")", e);
        }
    }

    private static Path privateFolder(Path folder, long uid) {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            return folder;
        } catch (FileAlreadyExistsException e) {
            // checked below, whoever made it
        } catch (NoSuchFileException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "control socket folder " + folder + ": its "
                    + "parent folder does not exist: create it, or give control.socket another path", e);
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket folder " + folder
                    + ": cannot create it (" + e.getMessage() + ")", e);
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(folder, "unix:mode,uid,isDirectory,isSymbolicLink",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket folder " + folder
                    + ": cannot read its owner and mode (" + e.getMessage() + ")", e);
        }
        int mode = (Integer) attributes.get("mode");
        int owner = (Integer) attributes.get("uid");
        String problem = null;
        if ((Boolean) attributes.get("isSymbolicLink") || !(Boolean) attributes.get("isDirectory")) {
            problem = "is not a folder (a symbolic link or a file)";
        } else if (owner != uid) {
            problem = "belongs to uid " + owner + ", not to the gateway's user (uid " + uid + ")";
        } else if ((mode & 077) != 0) {
            problem = "may be entered by others (mode " + Integer.toOctalString(mode & 0777) + "): run chmod 700 "
                    + folder;
        }
        if (problem != null) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "control socket folder " + folder + " "
                    + problem + "; the control socket needs a folder only the gateway's user can enter");
        }
        return folder;
    }

    /** Removes a socket nobody answers on; refuses anything else at the path. */
    private static void removeStale(Path socket) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "control socket " + socket + ": something "
                    + "that is not a socket is at that path; move it away, or give control.socket another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            LOG.info("control socket {}: removing the socket a gateway left behind (nobody answers on it)", socket);
            Files.deleteIfExists(socket);
            return;
        }
        throw new GatewayException(GatewayException.Kind.RESOURCE, "control socket " + socket + ": another process "
                + "is listening on it: stop it, or give this gateway another control.socket");
    }

    Path socket() {
        return socket;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    UserPrincipal owner() {
        return owner;
    }

    long ownerUid() {
        return ownerUid;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } finally {
            lock.close();
        }
    }
}
