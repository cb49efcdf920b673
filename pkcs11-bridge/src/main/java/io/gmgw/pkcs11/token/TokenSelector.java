package io.gmgw.pkcs11.token;

import io.gmgw.pkcs11.TokenInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Which token to use, by the RFC 7512 token attributes (label, serial, manufacturer, model) and/or slot id; null
 * fields match anything. A token is found again by these after it was pulled and re-inserted (its slot may change).
 */
public record TokenSelector(String label, String serial, String manufacturer, String model, Long slotId) {
    public static TokenSelector label(String label) {
        return new TokenSelector(label, null, null, null, null);
    }

    public static TokenSelector any() {
        return new TokenSelector(null, null, null, null, null);
    }

    public boolean matches(TokenInfo info) {
        return (label == null || label.equals(info.label())) && (serial == null || serial.equals(info.serialNumber()))
                && (manufacturer == null || manufacturer.equals(info.manufacturer()))
                && (model == null || model.equals(info.model())) && (slotId == null || slotId == info.slotId());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (label != null) {
            parts.add("token=" + label);
        }
        if (serial != null) {
            parts.add("serial=" + serial);
        }
        if (manufacturer != null) {
            parts.add("manufacturer=" + manufacturer);
        }
        if (model != null) {
            parts.add("model=" + model);
        }
        if (slotId != null) {
            parts.add("slot-id=" + slotId);
        }
        return parts.isEmpty() ? "any token" : String.join(";", parts);
    }
}
