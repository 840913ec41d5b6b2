package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.sqlite.SQLiteDataSource;

/**
 * The framework under the suite is the one the build asked for ({@code dmkit.framework}), so a wrong
 * class path fails here instead of silently running the suite on Felix twice; and every bundle the
 * suite installs starts in it (Pax Exam only logs bundles that do not resolve), SQLite's native
 * library included.
 */
public class FrameworkIT extends OsgiTestSupport {

    @Override
    protected boolean usesMosquittoCloud() {
        return false;
    }

    @Test
    public void theSystemBundleIsTheFrameworkTheBuildAskedFor() {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo(Framework.expected().systemBundle);
    }

    @Test
    public void everyInstalledBundleIsActive() {
        assertThat(Arrays.stream(context.getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " in state " + b.getState()))
                .isEmpty();
    }

    @Test
    public void sqliteLoadsItsNativeLibraryInTheFramework() throws Exception {
        SQLiteDataSource database = new SQLiteDataSource();
        database.setUrl("jdbc:sqlite::memory:");
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select sqlite_version()")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).startsWith("3.");
        }
    }
}
