package io.gmgw.cli.control;

import io.gmgw.gateway.control.ControlSocketPaths;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --socket PATH}, the gateway's control socket, for every command that talks to a running gateway
 * ({@code @Mixin ControlSocketOption socket;}). Without it: the default the gateway uses too
 * ({@link ControlSocketPaths}: /run/gmgw/control.sock for root, $XDG_RUNTIME_DIR/gmgw/control.sock otherwise).
 */
public final class ControlSocketOption {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "The gateway's control socket (control.socket in its configuration). Default: "
                    + ControlSocketPaths.SYSTEM_PATH + " for root, $XDG_RUNTIME_DIR/gmgw/control.sock for others "
                    + "(/tmp/gmgw-UID/control.sock without XDG_RUNTIME_DIR).")
    private Path socket;

    public Path path() {
        return socket != null ? socket : ControlSocketPaths.defaultPath();
    }
}
