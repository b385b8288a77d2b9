package se.vaxel.ami;

import java.util.List;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * Asterisk's answer to one action: the response and, for list actions (CoreShowChannels, QueueStatus, ...),
 * the items that came between {@code EventList: start} and the {@code ...Complete} event.
 */
public record AmiResponse(AmiMessage response, List<AmiMessage> items, AmiMessage complete) {

    public boolean isSuccess() {
        String r = response.get("Response");
        return "Success".equalsIgnoreCase(r) || "Goodbye".equalsIgnoreCase(r);
    }

    public String message() {
        return response.get("Message", "");
    }

    public String get(String header) {
        return response.get(header);
    }
}
