package io.gmgw.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.client.AuthForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers {@code gmgw connect} gives the gateway's password forms, from each source. */
class FormPromptTest {
    private static final AuthForm PASSWORD = new AuthForm("main", "", "", "Enter the code.", "", "/auth",
            List.of(new AuthForm.Input("password", "password", "Dynamic password:", "")), List.of(), "");
    private static final AuthForm USER_AND_PASSWORD = new AuthForm("main", "", "", "", "", "/auth",
            List.of(new AuthForm.Input("text", "username", "Username:", ""),
                    new AuthForm.Input("password", "password", "Dynamic password:", ""),
                    new AuthForm.Input("hidden", "state", "", "x")), List.of(), "");

    @TempDir
    Path tmp;

    private final List<String> shown = new ArrayList<>();

    /** A terminal that answers with {@code line} and {@code secret}, and records the prompts. */
    private FormPrompt.Terminal terminal(String line, String secret) {
        return new FormPrompt.Terminal() {
            @Override
            public String readLine(String prompt) {
                shown.add("line " + prompt);
                return line;
            }

            @Override
            public char[] readPassword(String prompt) {
                shown.add("secret " + prompt);
                return secret == null ? null : secret.toCharArray();
            }
        };
    }

    @Test
    void theTerminalIsAskedWithoutEchoAndTheFormsMessageIsShown() {
        FormPrompt p = new FormPrompt(null, null, null, terminal("bob", "123456"), shown::add);
        assertEquals(Map.of("password", "123456"), p.answer(PASSWORD).orElseThrow());
        assertEquals(List.of("Enter the code.", "secret Dynamic password: "), shown);
        assertEquals(Map.of("username", "bob", "password", "123456"), p.answer(USER_AND_PASSWORD).orElseThrow());
    }

    @Test
    void userComesFromTheOptionAndThePasswordFromTheFilesFirstLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("otp.txt"), "654321\r\nignored\n");
        FormPrompt p = new FormPrompt("carol", file, null, null, shown::add);
        assertEquals(Map.of("username", "carol", "password", "654321"), p.answer(USER_AND_PASSWORD).orElseThrow());
    }

    @Test
    void aDescriptorGivesOneLinePerForm() throws Exception {
        // a file stands in for the descriptor's /proc/self/fd/N: both are read as a stream of lines
        Path fd = Files.writeString(tmp.resolve("fd"), "111111\n222222\n");
        FormPrompt p = new FormPrompt(null, null, fd, null, shown::add);
        assertEquals(Map.of("password", "111111"), p.answer(PASSWORD).orElseThrow());
        assertEquals(Map.of("password", "222222"), p.answer(PASSWORD).orElseThrow());
        IllegalStateException end = assertThrows(IllegalStateException.class, () -> p.answer(PASSWORD));
        assertEquals("--otp-fd: no password line to read (end of input)", end.getMessage());
    }

    @Test
    void withoutATerminalOrASourceTheMessageSaysWhatToGive() {
        FormPrompt p = new FormPrompt(null, null, null, null, shown::add);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.answer(PASSWORD));
        assertEquals("the gateway asks for 'Dynamic password:' and there is no terminal to ask on; give "
                + "--otp-fd N or --otp-file FILE", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> new FormPrompt(null, tmp.resolve("otp"), null, null,
                shown::add).answer(USER_AND_PASSWORD));
        assertTrue(e.getMessage().endsWith("give --user NAME"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> new FormPrompt(null, null, null, terminal("x", ""),
                shown::add).answer(PASSWORD));
        assertEquals("no password entered for 'Dynamic password:'", e.getMessage());
    }
}
