package io.gmgw.sslvpn.client.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The privilege check before connecting, over stand-ins for /dev/net/tun and /proc/self/status. */
class TunPreflightTest {
    @TempDir
    Path dir;

    private TunPreflight with(boolean device, String capEff) throws IOException {
        Path tun = dir.resolve("tun");
        if (device) {
            Files.writeString(tun, "");
        }
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t"
                + capEff + "\nCapBnd:\t000001ffffffffff\n");
        return new TunPreflight(tun, status);
    }

    @Test
    void rootOrCapNetAdminPasses() throws IOException {
        assertFalse(with(true, "000001ffffffffff").problem().isPresent(), "root's full set");
        assertFalse(with(true, "0000000000001000").problem().isPresent(), "CAP_NET_ADMIN alone (bit 12)");
    }

    @Test
    void withoutCapNetAdminTheUserLearnsWhatToDo() throws IOException {
        TunPreflight.Problem p = with(true, "0000000000000000").problem().orElseThrow();
        assertTrue(p.permission());
        assertTrue(p.message().contains("needs root or CAP_NET_ADMIN"), p.message());
        assertTrue(p.message().contains("--script-tun --script CMD") && p.message().contains("--ping ADDR"),
                p.message());
    }

    @Test
    void aMissingDeviceIsNotAPermissionProblem() throws IOException {
        TunPreflight.Problem p = with(false, "000001ffffffffff").problem().orElseThrow();
        assertFalse(p.permission());
        assertTrue(p.message().contains("does not exist: load the tun module"), p.message());
    }

    @Test
    void thisProcessIsCheckedWithoutFailing() {
        // whatever this machine is, the check answers (root in CI: nothing in the way; a laptop: a reason)
        TunPreflight.here().problem().ifPresent(p -> assertEquals(false, p.message().isBlank()));
    }
}
