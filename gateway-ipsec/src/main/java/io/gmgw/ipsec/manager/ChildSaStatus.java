package io.gmgw.ipsec.manager;

import io.gmgw.ipsec.esp.EspSaStatus;
import java.time.Duration;

/**
 * One CHILD SA for {@code gmgw ipsec status}: the data plane's view (transform, SPIs, selectors, counters), whether it
 * is the current pair or a replaced one still receiving, and the time to its rekey and to its end.
 */
public record ChildSaStatus(String peer, EspSaStatus esp, boolean current, Duration rekeyIn, Duration lifetimeLeft,
        long rekeyBytes, long lifetimeBytes) {
}
