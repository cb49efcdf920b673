package io.gmgw.crypto.otp;

/**
 * The two compression functions of GB/T 38556-2020 (GM/T 0021-2012 §6.2): S = SM3(K ‖ ID), 256 bits, or SM4 of ID
 * under K, 128 bits.
 */
public enum OtpAlgorithm {
    SM3("sm3"),
    SM4("sm4");

    private final String id;

    OtpAlgorithm(String id) {
        this.id = id;
    }

    /** The name in configuration and seed files: {@code sm3} or {@code sm4}. */
    public String id() {
        return id;
    }

    /** The algorithm named {@code id} (case-insensitive). */
    public static OtpAlgorithm of(String id) {
        for (OtpAlgorithm a : values()) {
            if (a.id.equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown dynamic-password algorithm '" + id + "': use sm3 or sm4");
    }
}
