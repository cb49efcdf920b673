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

    /** After the certificate: the dynamic password of {@code user}'s token, for {@code challenge} if it asks. */
    static AuthForm passwordOf(String user, String challenge) {
        return new AuthForm(ID, "Enter the dynamic password your token shows for " + user + "." + ask(challenge), "",
                ACTION, List.of(new AuthForm.Input("password", PASSWORD, "Dynamic password:", "")), List.of());
    }

    /** Without a certificate: the user name and the dynamic password, for {@code challenge} if the token asks. */
    static AuthForm userAndPassword(String challenge) {
        return new AuthForm(ID, "Enter your user name and the dynamic password your token shows." + ask(challenge),
                "", ACTION, List.of(new AuthForm.Input("text", USERNAME, "Username:", ""),
                        new AuthForm.Input("password", PASSWORD, "Dynamic password:", "")), List.of());
    }

    /**
     * The form's message shows the login's challenge (openconnect prints it above the prompts): a challenge token
     * (GB/T 38556 factor Q) computes its password from it. Other tokens ignore it; the gateway cannot tell which
     * kind the user holds before the user is known (a password-alone login names the user in this very form).
     */
    private static String ask(String challenge) {
        return " If your token asks for a challenge, key in " + challenge + ".";
    }
}
