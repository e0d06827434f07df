package dev.a3c.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes manifests read into fabric8's typed objects, strictly: a field the type does not have
 * (a typo, a field at the wrong level) or a value of the wrong type fails, where fabric8's own
 * {@code Serialization} keeps unknown fields aside as "additional properties". Only the kinds this
 * project ships are known; any other kind fails too.
 */
final class StrictManifests {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class);

    /** fabric8's model classes collect unknown fields with {@code @JsonAnySetter}: ignore it, so unknown fields fail. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StrictManifests() {}

    /** Every document of a (multi-document) YAML text as its typed object; empty documents are skipped. */
    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(typed(document, source + " document " + index));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static HasMetadata typed(JsonNode document, String where) {
        String key = document.path("apiVersion").asText() + "/" + document.required("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException(where + ": unexpected kind " + key + " (known: " + KINDS.keySet() + ")");
        }
        try {
            return YAML.treeToValue(document, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " (" + key + "): " + e.getMessage(), e);
        }
    }

    /** A deep copy, for tests that break one object and check that the checks notice. */
    static <T> T copy(T object) {
        try {
            @SuppressWarnings("unchecked")
            Class<T> type = (Class<T>) object.getClass();
            return YAML.readValue(YAML.writeValueAsString(object), type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
