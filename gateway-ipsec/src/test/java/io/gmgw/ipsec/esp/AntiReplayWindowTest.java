package io.gmgw.ipsec.esp;

import static io.gmgw.ipsec.esp.AntiReplayWindow.Verdict.DUPLICATE;
import static io.gmgw.ipsec.esp.AntiReplayWindow.Verdict.NEW;
import static io.gmgw.ipsec.esp.AntiReplayWindow.Verdict.TOO_OLD;
import static io.gmgw.ipsec.esp.AntiReplayWindow.Verdict.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RFC 6479 bitmap at its edges, and against a plain reference model on random traffic. */
class AntiReplayWindowTest {
    private final AntiReplayWindow w = new AntiReplayWindow(1024);

    private void accept(long seq) {
        assertEquals(NEW, w.check((int) seq), () -> "seq " + seq);
        w.update((int) seq);
    }

    @Test
    void duplicatesAndZeroAreRefused() {
        assertEquals(ZERO, w.check(0));
        accept(1);
        assertEquals(DUPLICATE, w.check(1));
        accept(3);
        accept(2);
        assertEquals(DUPLICATE, w.check(2));
        assertEquals(DUPLICATE, w.check(3));
        assertEquals(NEW, w.check(4));
    }

    @Test
    void theWindowHoldsExactly1024Packets() {
        accept(5000);
        assertEquals(NEW, w.check(5000 - 1023), "the oldest number inside the window");
        assertEquals(TOO_OLD, w.check(5000 - 1024), "one behind it");
        accept(5000 - 1023);
        assertEquals(DUPLICATE, w.check(5000 - 1023));
        // every number of the window once, in reverse: all new, then all duplicates
        for (long s = 4999; s > 5000 - 1023; s--) {
            accept(s);
        }
        for (long s = 5000; s >= 5000 - 1023; s--) {
            assertEquals(DUPLICATE, w.check((int) s));
        }
    }

    @Test
    void farAheadClearsTheWholeBitmap() {
        for (long s = 1; s <= 1024; s++) {
            accept(s);
        }
        accept(1_000_000);
        assertEquals(TOO_OLD, w.check(1024));
        for (long s = 1_000_000 - 1023; s < 1_000_000; s++) {
            assertEquals(NEW, w.check((int) s), "left over from before the jump: " + s);
        }
        accept(0xFFFF_FFFFL); // the last 32-bit number
        assertEquals(DUPLICATE, w.check(-1));
        assertEquals(NEW, w.check(0xFFFF_FFFE));
        assertEquals(TOO_OLD, w.check(1_000_000));
    }

    @Test
    void slidingBlockByBlockForgetsOnlyWhatLeftTheWindow() {
        accept(64);
        accept(64 + 1024 - 1);
        assertEquals(DUPLICATE, w.check(64));
        accept(64 + 1024);
        assertEquals(TOO_OLD, w.check(64));
        assertEquals(NEW, w.check(65));
    }

    @Test
    void agreesWithAReferenceModel() {
        Random r = new Random(6479);
        BitSet seen = new BitSet();
        long top = 0;
        for (int i = 0; i < 200_000; i++) {
            long seq = Math.max(1, top + r.nextInt(3000) - 2000);
            AntiReplayWindow.Verdict expected = seq > top ? NEW : top - seq >= 1024 ? TOO_OLD
                    : seen.get((int) seq) ? DUPLICATE : NEW;
            AntiReplayWindow.Verdict got = w.check((int) seq);
            assertEquals(expected, got, "seq " + seq + " top " + top);
            if (got == NEW && r.nextInt(10) > 0) { // some verify, some are forgeries that never update
                w.update((int) seq);
                seen.set((int) seq);
                top = Math.max(top, seq);
            }
        }
    }

    @Test
    void sizesArePowersOfTwoInBounds() {
        assertThrows(IllegalArgumentException.class, () -> new AntiReplayWindow(1000));
        assertThrows(IllegalArgumentException.class, () -> new AntiReplayWindow(32));
        assertThrows(IllegalArgumentException.class, () -> new AntiReplayWindow(1 << 17));
        assertEquals(64, new AntiReplayWindow(64).size());
        AntiReplayWindow small = new AntiReplayWindow(64);
        small.update(100);
        assertEquals(NEW, small.check(37));
        assertEquals(TOO_OLD, small.check(36));
    }
}
