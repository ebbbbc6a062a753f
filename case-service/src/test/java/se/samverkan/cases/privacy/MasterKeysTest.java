package se.samverkan.cases.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeysTest {

    private static final String KEY_A = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
    private static final String KEY_B = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";

    @Test
    void a_single_key_is_the_current_one_without_naming_it() {
        assertThat(MasterKeys.parse(null, "prod-2027:" + KEY_A).currentId()).isEqualTo("prod-2027");
        assertThat(MasterKeys.parse(" ", "prod-2027:" + KEY_A).currentId()).isEqualTo("prod-2027");
    }

    @Test
    void with_several_keys_the_current_one_must_be_named() {
        assertThatThrownBy(() -> MasterKeys.parse(null, "new:" + KEY_B + ",old:" + KEY_A))
                .hasMessageContaining("SAMVERKAN_CASES_CURRENT_MASTER_KEY");
        assertThat(MasterKeys.parse("new", "new:" + KEY_B + ",old:" + KEY_A).currentId()).isEqualTo("new");
    }

    @Test
    void the_key_text_never_appears_in_a_description() {
        assertThat(MasterKeys.parse("new", "new:" + KEY_B).toString()).doesNotContain(KEY_B).contains("new");
    }
}
