package io.dmkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellFormattingTest {

    @Test
    void tableAlignsColumnsToTheWidestCellAndShowsMissingValuesAsDash() {
        String table = new Table("NAME", "STATUS").row("main", "CONNECTED").row("a-much-longer-name", null).toString();
        assertThat(table).isEqualTo("""
                NAME                STATUS
                main                CONNECTED
                a-much-longer-name  -
                """);
    }

    @Test
    void propertiesAreKeyValueWordsInOrder() {
        assertThat(Properties.parse("unit=C", "site=hall 7", "empty=")).containsExactly(
                java.util.Map.entry("unit", "C"), java.util.Map.entry("site", "hall 7"), java.util.Map.entry("empty", ""));
        assertThatThrownBy(() -> Properties.parse("unit")).hasMessage("'unit' is not a property: write key=value");
        assertThatThrownBy(() -> Properties.parse("=x")).hasMessageContaining("write key=value");
    }
}
