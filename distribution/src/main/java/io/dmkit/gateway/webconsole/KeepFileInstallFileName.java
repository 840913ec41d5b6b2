package io.dmkit.gateway.webconsole;

import java.util.Collection;
import java.util.Dictionary;
import org.apache.felix.webconsole.spi.ConfigurationHandler;

/**
 * Keeps a configuration tied to its FileInstall file when it is saved in the Web Console.
 *
 * <p>FileInstall marks each configuration it created with {@value #FILE_NAME} and writes changes made
 * elsewhere back into that file only while the mark is there. The Web Console's form replaces a
 * configuration with exactly the properties the form shows, so a save drops the mark: the change then
 * lives in ConfigAdmin only, and FileInstall applies the unchanged file again at the next start,
 * undoing it. Hiding the property from the form makes the Web Console carry it over unchanged (the
 * console re-applies hidden properties after a save), so the change reaches the file and survives.
 */
public final class KeepFileInstallFileName implements ConfigurationHandler {

    /** The property FileInstall puts on the configurations it manages. */
    static final String FILE_NAME = "felix.fileinstall.filename";

    @Override
    public void filterProperties(String factoryPid, String pid, Collection<String> propertyNames) {
        propertyNames.remove(FILE_NAME);
    }

    @Override
    public void createConfiguration(String pid) {
        // nothing to check
    }

    @Override
    public void createFactoryConfiguration(String factoryPid, String name) {
        // nothing to check
    }

    @Override
    public void deleteConfiguration(String factoryPid, String pid) {
        // FileInstall deletes the file itself
    }

    @Override
    public void updateConfiguration(String factoryPid, String pid, Dictionary<String, Object> properties) {
        // nothing to check
    }
}
