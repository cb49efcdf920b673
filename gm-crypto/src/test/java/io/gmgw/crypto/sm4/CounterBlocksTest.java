package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The two increments differ exactly where a carry leaves the low 32 bits. */
class CounterBlocksTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void increment128CarriesThroughTheWholeBlockAndWraps() {
        assertArrayEquals(HEX.parseHex("00000000000000000000000100000000"),
                incremented128("000000000000000000000000ffffffff"));
        assertArrayEquals(HEX.parseHex("01000000000000000000000000000000"),
                incremented128("00ffffffffffffffffffffffffffffff"));
        assertArrayEquals(HEX.parseHex("00000000000000000000000000000000"),
                incremented128("ffffffffffffffffffffffffffffffff"));
        assertArrayEquals(HEX.parseHex("000102030405060708090a0b0c0d0e10"),
                incremented128("000102030405060708090a0b0c0d0e0f"));
    }

    @Test
    void increment32WrapsTheLowWordAndLeavesTheRestAlone() {
        assertArrayEquals(HEX.parseHex("000102030405060708090a0b00000000"),
                incremented32("000102030405060708090a0bffffffff"));
        assertArrayEquals(HEX.parseHex("ffffffffffffffffffffffff00000000"),
                incremented32("ffffffffffffffffffffffffffffffff"));
        assertArrayEquals(HEX.parseHex("000102030405060708090a0b00000100"),
                incremented32("000102030405060708090a0b000000ff"));
    }

    private static byte[] incremented128(String hex) {
        byte[] block = HEX.parseHex(hex);
        CounterBlocks.increment128(block);
        return block;
    }

    private static byte[] incremented32(String hex) {
        byte[] block = HEX.parseHex(hex);
        CounterBlocks.increment32(block);
        return block;
    }
}
