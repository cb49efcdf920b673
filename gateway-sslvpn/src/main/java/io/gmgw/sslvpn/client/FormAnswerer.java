package io.gmgw.sslvpn.client;

import java.util.Map;
import java.util.Optional;

/**
 * Answers a login form the gateway sent (a user name, a password, a one-time code). Certificate login needs none:
 * ocserv and gmgw complete the login without a form. The dynamic-token login of a later issue plugs in here.
 */
@FunctionalInterface
public interface FormAnswerer {
    /**
     * The values for the form's inputs and selects by name (hidden inputs are echoed by the client itself), or empty
     * to refuse the form (the login then fails with a message naming it).
     */
    Optional<Map<String, String>> answer(AuthForm form);

    /** Answers nothing: for certificate-only login. */
    FormAnswerer NONE = form -> Optional.empty();
}
