package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import se.samverkan.contracts.Agency;

import java.util.List;

/**
 * The configured code lists: which municipalities (kommunkod) and which units (police, social services, municipality)
 * exist. Units and municipalities are names that reach Kafka and the audit log, so only listed codes are accepted.
 * The defaults are the Södertörn municipalities of the exit-program cooperation and the units of the demo realm; a
 * deployment lists its own, e.g. {@code SAMVERKAN_CASES_VOCABULARY_UNITS_0_CODE=polisen-haninge},
 * {@code …_UNITS_0_AGENCY=POLICE}, {@code …_UNITS_0_MUNICIPALITY=0136}, {@code …_UNITS_0_LABEL=…} (a list replaces
 * the defaults as a whole).
 */
@ConfigurationProperties("samverkan.cases.vocabulary")
public record CodeListProperties(List<Municipality> municipalities, List<Unit> units) {

    public record Municipality(String code, String name) {
    }

    public record Unit(String code, Agency agency, String municipality, String label) {
    }

    public CodeListProperties {
        municipalities = municipalities == null || municipalities.isEmpty() ? SODERTORN : List.copyOf(municipalities);
        units = units == null || units.isEmpty() ? DEMO_UNITS : List.copyOf(units);
    }

    static final List<Municipality> SODERTORN = List.of(
            new Municipality("0126", "Huddinge"),
            new Municipality("0127", "Botkyrka"),
            new Municipality("0128", "Salem"),
            new Municipality("0136", "Haninge"),
            new Municipality("0138", "Tyresö"),
            new Municipality("0140", "Nykvarn"),
            new Municipality("0181", "Södertälje"),
            new Municipality("0192", "Nynäshamn"));

    static final List<Unit> DEMO_UNITS = List.of(
            new Unit("haninge-ungdom", Agency.SOCIAL_SERVICES, "0136", "Haninge socialtjänst, ungdomsenheten"),
            new Unit("haninge-avhopp", Agency.SOCIAL_SERVICES, "0136", "Haninge socialtjänst, avhopparverksamheten"),
            new Unit("botkyrka-avhopp", Agency.SOCIAL_SERVICES, "0127", "Botkyrka socialtjänst, avhopparverksamheten"),
            new Unit("polisen-haninge", Agency.POLICE, "0136", "Polisen, lokalpolisområde Haninge/Nynäshamn"),
            new Unit("haninge-dataskydd", Agency.MUNICIPALITY, "0136", "Haninge kommun, dataskydd"),
            new Unit("haninge-it", Agency.MUNICIPALITY, "0136", "Haninge kommun, IT"),
            new Unit("haninge-skola", Agency.MUNICIPALITY, "0136", "Haninge kommun, grundskolans elevhälsa"),
            new Unit("haninge-faltassistenter", Agency.MUNICIPALITY, "0136", "Haninge kommun, fältassistenterna"),
            new Unit("haninge-fritid", Agency.MUNICIPALITY, "0136", "Haninge kommun, fritidsgårdarna"),
            new Unit("haninge-analys", Agency.MUNICIPALITY, "0136", "Haninge kommun, uppföljning och analys"));
}
