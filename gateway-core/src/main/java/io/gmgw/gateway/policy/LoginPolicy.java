package io.gmgw.gateway.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the users of a group prove who they are ({@code groups.NAME.login}): the client certificate alone (a GM/T 0027
 * smart key), a dynamic password alone (a GB/T 38556 token; the user name comes from the login form), or both. The
 * two kinds of credential the assessment guides accept (issue 16); ocserv offers the same choice as
 * {@code auth = "certificate"}, a password method, or both with {@code enable-auth}.
 */
public enum LoginPolicy {
    CERTIFICATE("certificate"),
    PASSWORD("password"),
    CERTIFICATE_AND_PASSWORD("certificate+password");

    private final String configName;

    LoginPolicy(String configName) {
        this.configName = configName;
    }

    /** The name written in the configuration. */
    public String configName() {
        return configName;
    }

    /** Whether a login of this group needs the client certificate. */
    public boolean needsCertificate() {
        return this != PASSWORD;
    }

    /** Whether a login of this group needs a dynamic password. */
    public boolean needsPassword() {
        return this != CERTIFICATE;
    }

    /** The configuration names, in documentation order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(LoginPolicy::configName).toList();
    }

    public static Optional<LoginPolicy> ofConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
