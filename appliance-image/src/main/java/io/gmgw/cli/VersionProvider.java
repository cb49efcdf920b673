package io.gmgw.cli;

import picocli.CommandLine;

/** {@code gmgw --version}: the same lines as {@code gmgw version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return VersionInfo.current().lines().toArray(String[]::new);
    }
}
