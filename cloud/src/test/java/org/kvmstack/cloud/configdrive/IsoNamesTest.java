package org.kvmstack.cloud.configdrive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IsoNamesTest {
    @Test
    void namesBecomeUpperCaseDCharactersWithOneDotAndAVersion() {
        IsoNames names = new IsoNames();
        assertThat(names.file("meta_data.json")).isEqualTo("META_DATA.JSON;1");
        assertThat(names.file("user_data")).isEqualTo("USER_DATA.;1");
        assertThat(names.file("a.b.c")).isEqualTo("A_B.C;1");
        assertThat(names.directory("2012-08-10")).isEqualTo("2012_08_10");
    }

    @Test
    void clashingNamesAreNumberedAndStayWithinThirtyOneCharacters() {
        IsoNames names = new IsoNames();
        String first = names.file("a-rather-long-lower-case-file-name-number-1.json");
        String second = names.file("a-rather-long-lower-case-file-name-number-2.json");
        String third = names.file("A-RATHER-LONG-LOWER-CASE-FILE-NAME-NUMBER-3.json");

        assertThat(first).isEqualTo("A_RATHER_LONG_LOWER_CASE.JSON;1");
        assertThat(second).isEqualTo("A_RATHER_LONG_LOWER_CAS1.JSON;1");
        assertThat(third).isEqualTo("A_RATHER_LONG_LOWER_CAS2.JSON;1");
        assertThat(java.util.List.of(first, second, third)).allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(31)
                .matches("[A-Z0-9_]+\\.[A-Z0-9_]*;1"));
        assertThat(names.directory("x")).isEqualTo("X");
        assertThat(names.directory("X")).isEqualTo("X1");
    }
}
