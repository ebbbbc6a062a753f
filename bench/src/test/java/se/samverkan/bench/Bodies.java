package se.samverkan.bench;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/** Request bodies as the walk-through sends them (local-stack/walkthrough.sh), with made-up but valid identities. */
final class Bodies {

    private static final String[] MEASURES = {"CONTACT_PERSON", "CONTACT_FAMILY", "FAMILY_SUPPORT"};

    private Bodies() {
    }

    /** A subject born 2008–2012 and a guardian born 1985, each with a valid personnummer. */
    static String[] newSubject() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String date = "%d-%02d-%02d".formatted(2008 + random.nextInt(5), 1 + random.nextInt(12), 1 + random.nextInt(28));
        return new String[]{personnummer(date), date, personnummer("1985-06-14")};
    }

    static String openCase(String subjectPnr, String dateOfBirth, String guardianPnr) {
        return """
                {"program":"RAPID_INTERVENTION",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Belastning","dateOfBirth":"%s",
                            "address":"Provvägen %d, 136 40 Haninge",
                            "guardians":[{"personalIdentityNumber":"%s","name":"Vera Belastning"}]},
                 "team":[]}""".formatted(subjectPnr, dateOfBirth, 1 + ThreadLocalRandom.current().nextInt(200), guardianPnr);
    }

    static String note() {
        return "{\"text\":\"Samtal med den unge och vårdnadshavaren; överenskommelse om nästa steg.\"}";
    }

    static String measure() {
        return "{\"measureType\":\"%s\",\"startDate\":\"%s\"}".formatted(
                MEASURES[ThreadLocalRandom.current().nextInt(MEASURES.length)], LocalDate.now());
    }

    static String consent(String subjectPnr, String guardianPnr) {
        return """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s",
                 "documentReference":"Samtycke bench"}""".formatted(subjectPnr, guardianPnr, LocalDate.now(), LocalDate.now().plusMonths(6));
    }

    static String referral(String consentId) {
        return """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s",
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"caseSummary":"Misstänkt för stöld; familjen vill ha stöd."}""".formatted(consentId);
    }

    static String feedback() {
        return "{\"text\":\"Samtal med familjen genomfört.\"}";
    }

    /** A personnummer (yyyyMMdd-nnnc) with a valid Luhn check digit. */
    static String personnummer(String isoDate) {
        String digits = isoDate.replace("-", "").substring(2) + "%03d".formatted(ThreadLocalRandom.current().nextInt(1, 999));
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = (digits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        int check = (10 - sum % 10) % 10;
        return isoDate.replace("-", "").substring(0, 8) + "-" + digits.substring(6) + check;
    }
}
