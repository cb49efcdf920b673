package io.gmgw.gateway.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The peer of a control connection as the kernel reports it (SO_PEERCRED, through the JDK's
 * {@link ExtendedSocketOptions#SO_PEERCRED}). The JDK gives the peer's user as a principal (a name, compared by uid)
 * but not the number: the uid is that of the gateway's own user or root when the principal equals theirs (the only
 * peers the socket's permissions let in), else the number the name stands for in /etc/passwd, else -1.
 */
final class PeerCredentials {
    private static final Path PASSWD = Path.of("/etc/passwd");

    private PeerCredentials() {
    }

    /**
     * @param self the gateway's own user (the owner of the socket file it made)
     * @param selfUid that user's number
     */
    static ControlPeer read(SocketChannel channel, UserPrincipal self, long selfUid) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        UserPrincipal user = principal.user();
        long uid;
        if (user.equals(self)) {
            uid = selfUid;
        } else if (isRoot(user)) {
            uid = 0;
        } else {
            uid = uidOf(user.getName());
        }
        return new ControlPeer(user.getName(), uid, principal.group().getName());
    }

    private static boolean isRoot(UserPrincipal user) {
        try {
            return user.equals(Path.of("/").getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("root"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long uidOf(String name) {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 11) {
            return Long.parseLong(name);
        }
        try {
            List<String> lines = Files.readAllLines(PASSWD, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[0].equals(name)) {
                    return Long.parseLong(fields[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no number for this name: the record keeps the name
        }
        return -1;
    }
}
