package io.dmkit.wire.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void quotesAShortValueAsItIs() {
        assertThat(Printable.quote("dev-1 / a:b")).isEqualTo("'dev-1 / a:b'");
        assertThat(Printable.quote("")).isEqualTo("''");
        assertThat(Printable.quote(null)).isEqualTo("null");
    }

    @Test
    void everythingButPrintableAsciiBecomesAQuestionMarkSoNoValueCanForgeALogLine() {
        assertThat(Printable.quote("bad\nid\r\u0000\u001b[31m")).isEqualTo("'bad?id???[31m'");
        assertThat(Printable.quote("\u0085\u2028 °C \uD83D\uDE00 \uD800\u007f")).isEqualTo("'?? ?C ?? ??'");
    }

    @Test
    void aLongValueIsCutWithItsLengthShown() {
        String value = "x".repeat(Printable.MAX_SHOWN) + "y\n".repeat(100);

        assertThat(Printable.quote(value))
                .isEqualTo("'" + "x".repeat(Printable.MAX_SHOWN) + "...' (" + value.length() + " characters)");
        String longest = "z".repeat(Printable.MAX_SHOWN);
        assertThat(Printable.quote(longest)).isEqualTo("'" + longest + "'");
    }

    @Test
    void textOfItsOwnIsShownTheSameWithoutQuotes() {
        assertThat(Printable.text("Expected name at line 1 column 2 path $.\n", 200))
                .isEqualTo("Expected name at line 1 column 2 path $.?");
        assertThat(Printable.text("abcdef", 3)).isEqualTo("abc... (6 characters)");
    }
}
