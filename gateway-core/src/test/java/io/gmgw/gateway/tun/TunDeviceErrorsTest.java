package io.gmgw.gateway.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.testing.SystemPeers;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong around a TUN device is said clearly: bad names before any system call, names that are taken or
 * belong to another kind of interface, no permission, no device node, a failing {@code ip} command. The tests that
 * open a device need root; the devices they open stay down and without addresses and are closed at once.
 */
class TunDeviceErrorsTest {
    private static void requireRoot() {
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")) && "root".equals(System.getProperty("user.name")),
                "opening TUN devices needs root and /dev/net/tun: " + TunNamespace.INSTALL_HINT);
    }

    @Test
    void badNamesAreRefusedBeforeAnySystemCall() {
        for (String bad : List.of("-up", "a/b", "a b", "a:1", "sixteen-chars-xx", "%d%d", ".hidden")) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> TunDevice.open(bad, PooledByteBufAllocator.DEFAULT), bad);
            assertEquals(GatewayException.Kind.CONFIG, e.kind());
            assertTrue(e.getMessage().contains("'" + bad + "' is not valid"), e.getMessage());
        }
    }

    @Test
    void aNameAnotherProcessHoldsIsTakenAndAnotherKindOfInterfaceIsNamed() {
        requireRoot();
        String name = "gmgwb" + ProcessHandle.current().pid() % 100_000;
        try (TunDevice first = TunDevice.open(name, PooledByteBufAllocator.DEFAULT)) {
            assertEquals(name, first.name());
            GatewayException taken = assertThrows(GatewayException.class,
                    () -> TunDevice.open(name, PooledByteBufAllocator.DEFAULT));
            assertEquals(GatewayException.Kind.RESOURCE, taken.kind());
            assertTrue(taken.getMessage().contains("the name is taken") && taken.getMessage().contains("EBUSY"),
                    taken.getMessage());
        }
        GatewayException loopback = assertThrows(GatewayException.class,
                () -> TunDevice.open("lo", PooledByteBufAllocator.DEFAULT));
        assertEquals(GatewayException.Kind.RESOURCE, loopback.kind());
        assertTrue(loopback.getMessage().contains("lo exists and is not a TUN device"), loopback.getMessage());
    }

    @Test
    void anEmptyNameGetsAKernelAssignedOne() {
        requireRoot();
        try (TunDevice tun = TunDevice.open("", PooledByteBufAllocator.DEFAULT)) {
            assertTrue(tun.name().matches("tun[0-9]+"), tun.name());
        }
    }

    @Test
    void aDeviceClosedRightAfterStartStopsItsReader() throws Exception {
        requireRoot();
        TunDevice tun = TunDevice.open("gmgws%d", PooledByteBufAllocator.DEFAULT);
        tun.start(p -> p.release());
        tun.close();
        tun.close();
        assertThrows(IllegalStateException.class, () -> tun.start(p -> p.release()));
        // close() joined the reader: no thread of this device is left.
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("tun-reader-" + tun.name())));
    }

    @Test
    void theSinkMayCloseTheDeviceFromTheReaderThread() throws Exception {
        requireRoot();
        try (TunNamespace ns = TunNamespace.create("close")) {
            TunDevice tun = TunDevice.open("gmgwc%d", PooledByteBufAllocator.DEFAULT);
            new IpCommand().moveToNamespace(tun.name(), ns.name);
            new IpCommand().inNamespace(ns.name).apply(tun.name(), new TunSettings(1400,
                    List.of(IpPrefix.parse("10.233.0.1/24", "t")), List.of(IpPrefix.parse("10.234.0.0/24", "t"))));
            CompletableFuture<Thread> closedOn = new CompletableFuture<>();
            tun.start(packet -> {
                packet.release();
                tun.close();
                closedOn.complete(Thread.currentThread());
                return true;
            });
            assertThrows(IllegalStateException.class, () -> tun.start(p -> p.release()));
            ns.exec("bash", "-c", "printf x > /dev/udp/10.234.0.9/9");
            Thread reader = closedOn.get(30, TimeUnit.SECONDS);
            assertTrue(reader.getName().startsWith("tun-reader-gmgwc"), reader.getName());
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!reader.isAlive(), "the reader stops once the sink returns");
            assertTrue(ns.ip("link", "show", "dev", tun.name()).code() != 0, "the device is gone");
        }
    }

    @Test
    void openAndSetIffErrorsSayWhatToDo() {
        String noDevice = TunErrors.open("/dev/net/tun", Libc.ENOENT).getMessage();
        assertTrue(noDevice.contains("/dev/net/tun does not exist") && noDevice.contains("modprobe tun"), noDevice);
        String noPermission = TunErrors.setIff("gmgw0", Libc.EPERM).getMessage();
        assertTrue(noPermission.contains("root or CAP_NET_ADMIN") && noPermission.contains("[EPERM]"), noPermission);
        String openDenied = TunErrors.open("/dev/net/tun", Libc.EACCES).getMessage();
        assertTrue(openDenied.contains("CAP_NET_ADMIN") && openDenied.contains("unprivileged mode"), openDenied);
        assertEquals(GatewayException.Kind.RESOURCE, TunErrors.setIff("", 99).kind());
        assertTrue(TunErrors.setIff("", 99).getMessage().contains("errno 99"));
    }

    @Test
    void aFailingIpCommandIsQuotedWithWhatIpSaid() {
        SystemPeers.requireProgram("ip", TunNamespace.INSTALL_HINT);
        GatewayException e = assertThrows(GatewayException.class, () -> new IpCommand().apply("gmgw-absent0",
                new TunSettings(1400, List.of(), List.of())));
        assertEquals(GatewayException.Kind.RESOURCE, e.kind());
        assertTrue(e.getMessage().startsWith("'ip link set dev gmgw-absent0 mtu 1400' failed (exit"), e.getMessage());
        assertTrue(e.getMessage().contains("gmgw-absent0"), e.getMessage());

        GatewayException missing = assertThrows(GatewayException.class,
                () -> new IpCommand("/nonexistent/ip", null, java.time.Duration.ofSeconds(5)).apply("x",
                        new TunSettings(1400, List.of(), List.of())));
        assertTrue(missing.getMessage().contains("install iproute2"), missing.getMessage());

        assertEquals(GatewayException.Kind.CONFIG, assertThrows(GatewayException.class,
                () -> new IpCommand().inNamespace("-all")).kind());
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        assertEquals(GatewayException.Kind.CONFIG, assertThrows(GatewayException.class,
                () -> new TunSettings(500, List.of(), List.of())).kind());
        GatewayException v6 = assertThrows(GatewayException.class, () -> new TunSettings(1200,
                List.of(IpPrefix.parse("fd00::1/64", "t")), List.of()));
        assertTrue(v6.getMessage().contains("1280"), v6.getMessage());
        GatewayException route = assertThrows(GatewayException.class, () -> new TunSettings(1400, List.of(),
                List.of(IpPrefix.parse("192.168.10.1/24", "t"))));
        assertTrue(route.getMessage().contains("write 192.168.10.0/24"), route.getMessage());
    }
}
