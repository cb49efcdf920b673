package io.gmgw.gateway.config;

import java.time.Duration;

/**
 * {@code audit}: what the gateway adds to the audit log beyond its events: one sample of the packets an ACL rule
 * dropped per rule and {@link #dropSampleInterval()} (drops are always counted). The log itself is the launcher's
 * ({@code GMGW_LOG_DIR}), as for every command.
 */
public record AuditSettings(Duration dropSampleInterval) {
}
