package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;

import java.util.Optional;
import java.util.Set;

/**
 * The configured partner municipalities of the exit program and their units: which unit may receive which data
 * categories, in which roles. Injected into the command handlers (a Spring bean built from configuration).
 */
public interface PartnerRegister {

    Optional<PartnerUnit> unit(String municipality, String unit);

    record PartnerUnit(String municipality, String unit, Set<DataCategory> dataCategories, Set<PartnerRole> roles) {
    }
}
