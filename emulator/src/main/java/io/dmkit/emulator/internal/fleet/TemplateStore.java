package io.dmkit.emulator.internal.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The provisioning templates, kept in {@code aws-templates.json} (owner-only) across restarts. Thread-safe. */
final class TemplateStore {

    private final JsonListFile<StoredTemplate> file;
    private final Map<String, ProvisioningTemplate> byName = new TreeMap<>();

    TemplateStore(Path file) {
        this.file = new JsonListFile<>(file, StoredTemplate.class, "provisioning templates");
        for (StoredTemplate stored : this.file.load()) {
            ProvisioningTemplate template = stored.toTemplate();
            byName.put(template.name(), template);
        }
    }

    synchronized Optional<ProvisioningTemplate> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every template, by name. */
    synchronized List<ProvisioningTemplate> all() {
        return List.copyOf(byName.values());
    }

    synchronized void put(ProvisioningTemplate template) {
        byName.put(template.name(), template);
        save();
    }

    synchronized boolean remove(String name) {
        boolean removed = byName.remove(name) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void save() {
        file.save(byName.values().stream().map(StoredTemplate::of).toList());
    }

    private record StoredTemplate(String name, String thingNamePrefix, String thingNameParameter,
            boolean allowProvisioning, Map<String, String> deviceConfiguration) {

        static StoredTemplate of(ProvisioningTemplate template) {
            return new StoredTemplate(template.name(), template.thingNamePrefix(), template.thingNameParameter(),
                    template.allowProvisioning(), template.sortedConfiguration());
        }

        ProvisioningTemplate toTemplate() {
            return new ProvisioningTemplate(name, thingNamePrefix, thingNameParameter, allowProvisioning,
                    deviceConfiguration == null ? Map.of() : deviceConfiguration);
        }
    }
}
