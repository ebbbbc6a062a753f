package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import se.samverkan.cases.domain.PartnerRegister;
import se.samverkan.cases.domain.PartnerRole;
import se.samverkan.contracts.DataCategory;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The register of the exit program's partner municipalities and their units: which unit may receive which data
 * categories of a shared exit case and which roles it may play. Configured, not hard-coded: the defaults are the
 * Södertörn cooperation (Botkyrka, Huddinge, Nynäshamn, Nykvarn, Salem, Södertälje, Tyresö) with one exit-program
 * unit each; a deployment lists its own as a whole, e.g.
 * {@code SAMVERKAN_CASES_PARTNERSHIP_PARTNERS_0_MUNICIPALITY=0127}, {@code …_PARTNERS_0_UNITS_0_CODE=botkyrka-avhopp},
 * {@code …_UNITS_0_DATA_CATEGORIES=IDENTITY,CASE_SUMMARY}, {@code …_UNITS_0_ROLES=PLACEMENT_MUNICIPALITY}.
 */
@ConfigurationProperties("samverkan.cases.partnership")
public record PartnershipProperties(List<Partner> partners) implements PartnerRegister {

    public record Partner(String municipality, String name, List<Unit> units) {
        public Partner {
            units = units == null ? List.of() : List.copyOf(units);
        }
    }

    public record Unit(String code, String label, Set<DataCategory> dataCategories, Set<PartnerRole> roles) {
        public Unit {
            dataCategories = dataCategories == null || dataCategories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dataCategories));
            roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        }
    }

    public PartnershipProperties {
        partners = partners == null || partners.isEmpty() ? SODERTORN : List.copyOf(partners);
    }

    @Override
    public Optional<PartnerUnit> unit(String municipality, String unit) {
        return partners.stream().filter(p -> p.municipality().equals(municipality))
                .flatMap(p -> p.units().stream()).filter(u -> u.code().equals(unit)).findFirst()
                .map(u -> new PartnerUnit(municipality, u.code(), u.dataCategories(), u.roles()));
    }

    /** Every partner unit code with its municipality, for the code lists (a consent may name them as recipients). */
    public List<CodeListProperties.Unit> codeListUnits() {
        return partners.stream().flatMap(p -> p.units().stream().map(u -> new CodeListProperties.Unit(u.code(),
                se.samverkan.contracts.Agency.SOCIAL_SERVICES, p.municipality(), u.label()))).toList();
    }

    private static final Set<DataCategory> EXIT_CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT,
            DataCategory.CASE_SUMMARY, DataCategory.MEASURES, DataCategory.RISK_ASSESSMENT);
    private static final Set<PartnerRole> ALL_ROLES = EnumSet.allOf(PartnerRole.class);

    private static Partner partner(String municipality, String name, String unit) {
        return new Partner(municipality, name, List.of(new Unit(unit, name + " socialtjänst, avhopparverksamheten",
                EXIT_CATEGORIES, ALL_ROLES)));
    }

    static final List<Partner> SODERTORN = List.of(
            partner("0127", "Botkyrka", "botkyrka-avhopp"),
            partner("0126", "Huddinge", "huddinge-avhopp"),
            partner("0192", "Nynäshamn", "nynashamn-avhopp"),
            partner("0140", "Nykvarn", "nykvarn-avhopp"),
            partner("0128", "Salem", "salem-avhopp"),
            partner("0181", "Södertälje", "sodertalje-avhopp"),
            partner("0138", "Tyresö", "tyreso-avhopp"),
            // Haninge is a partner of the others' cases, so its own exit unit is in the register too
            partner("0136", "Haninge", "haninge-avhopp"));
}
