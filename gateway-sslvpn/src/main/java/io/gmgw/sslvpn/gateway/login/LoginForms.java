package io.gmgw.sslvpn.gateway.login;

import io.gmgw.sslvpn.cstp.auth.AuthForm;
import java.util.List;

/**
 * The password forms, in ocserv's shape (cstp.md §2.3, §2.6): {@code <auth id="main">}, POST to {@code /auth}, a
 * text input {@code username} and a password input {@code password}. Stock openconnect prompts for each by its label,
 * fills {@code password} from {@code --passwd-on-stdin} and {@code username} from {@code --user}, and takes
 * {@code --form-entry main:password=CODE}; {@code password} is not {@code secondary_password}, so its
 * {@code --token-mode} (RFC 6238 codes, not GB/T 38556 ones) never fills it.
 */
final class LoginForms {
    /** openconnect's AUTHID for {@code --form-entry}. */
    static final String ID = "main";
    static final String ACTION = "/auth";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";

    private LoginForms() {
    }

    /** After the certificate: the dynamic password of {@code user}'s token. */
    static AuthForm passwordOf(String user) {
        return new AuthForm(ID, "Enter the dynamic password your token shows for " + user + ".", "", ACTION,
                List.of(new AuthForm.Input("password", PASSWORD, "Dynamic password:", "")), List.of());
    }

    /** Without a certificate: the user name and the dynamic password. */
    static AuthForm userAndPassword() {
        return new AuthForm(ID, "Enter your user name and the dynamic password your token shows.", "", ACTION,
                List.of(new AuthForm.Input("text", USERNAME, "Username:", ""),
                        new AuthForm.Input("password", PASSWORD, "Dynamic password:", "")), List.of());
    }
}
