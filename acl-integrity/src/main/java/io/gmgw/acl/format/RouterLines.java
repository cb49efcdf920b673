package io.gmgw.acl.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a router configuration (Cisco IOS, Huawei VRP / H3C Comware). No parser of these devices runs here, so
 * the rules follow what the devices are documented to do and refuse what readers of such files disagree on:
 * <ul>
 *   <li>a line ends at LF, and a CR right before it is dropped (the CLI takes CR LF as a line end, as a terminal
 *       sends it); any other CR is refused, because a terminal ends a line there and a file-based reader does not;
 *   <li>a tab is refused: the CLI takes it for command completion, not for a blank;
 *   <li>words are separated by spaces, and the CLI does not care how many or whether a line is indented (the
 *       indentation of {@code show running-config} is cosmetic): blanks are squeezed outside double quotes, and kept
 *       inside them (a description's text);
 *   <li>other control characters and the Unicode line separators are refused.
 * </ul>
 */
final class RouterLines {
    private RouterLines() {
    }

    static List<TextLines.Line> of(String text, String device) {
        TextLines.refuseControls(text, device + "'s CLI", false, true);
        List<TextLines.Line> out = new ArrayList<>();
        for (TextLines.Line l : TextLines.split(text)) {
            String s = l.text();
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            int cr = s.indexOf('\r');
            if (cr >= 0) {
                throw new AclFormatException("line " + l.number() + " contains a carriage return (CR) that does not "
                        + "end a CR LF pair: a terminal ends the line there, a file reader does not, so gmgw cannot "
                        + "say which lines " + device + " sees; convert the file to LF or CR LF line endings");
            }
            out.add(new TextLines.Line(l.number(), TextLines.squeeze(s)));
        }
        return out;
    }
}
