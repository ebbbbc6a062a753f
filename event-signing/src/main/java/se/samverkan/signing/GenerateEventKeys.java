package se.samverkan.signing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes a fresh event signing key per producing service and prints them as shell exports, with the public keys every
 * consumer pins: {@code java -cp event-signing/target/classes se.samverkan.signing.GenerateEventKeys [label]}.
 * Keep the private keys in your secret store; the public list is not secret.
 */
public final class GenerateEventKeys {

    private GenerateEventKeys() {
    }

    public static void main(String[] args) {
        String label = args.length > 0 ? args[0] : LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        List<String> trusted = new ArrayList<>();
        for (EventProducer producer : EventProducer.values()) {
            String key = EventKeys.generateSigningKey(producer.service() + "/" + label);
            trusted.add(EventKeys.parseSigningKey(key).publicKeyText());
            System.out.println("export SAMVERKAN_" + producer.service().replace('-', '_').toUpperCase(Locale.ROOT)
                    + "_EVENTS_SIGNING_KEY='" + key + "'");
        }
        System.out.println("export SAMVERKAN_EVENTS_TRUSTED_KEYS='" + String.join(",", trusted) + "'");
    }
}
