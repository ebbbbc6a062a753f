package se.samverkan.deploy.images;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image tar as a registry or podman would read it: the OCI layout (oci-layout, index.json, blobs) or Docker's
 * save format (manifest.json), its manifest, its config, and every layer's files in order, later layers winning.
 */
public record OciImage(JsonNode manifest, JsonNode config, List<Layer> layers) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param modified seconds since the epoch, as the layer's tar header gives it */
    public record LayerFile(String path, long mode, long uid, long gid, boolean directory, boolean symbolicLink, byte[] content,
                            long modified) {
    }

    public record Layer(String digest, List<LayerFile> files) {
    }

    public static OciImage read(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (var in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isFile()) {
                    entries.put(entry.getName().replaceFirst("^\\./", ""), in.readAllBytes());
                }
            }
        }
        JsonNode manifest;
        JsonNode config;
        List<String> layerNames = new ArrayList<>();
        if (entries.containsKey("index.json")) {
            JsonNode index = JSON.readTree(entries.get("index.json"));
            manifest = JSON.readTree(blob(entries, index.path("manifests").get(0).path("digest").asString()));
            config = JSON.readTree(blob(entries, manifest.path("config").path("digest").asString()));
            manifest.path("layers").forEach(layer -> layerNames.add(blobName(layer.path("digest").asString())));
        } else {
            JsonNode saved = JSON.readTree(entries.get("manifest.json")).get(0);
            manifest = saved;
            config = JSON.readTree(entries.get(saved.path("Config").asString()));
            saved.path("Layers").forEach(layer -> layerNames.add(layer.asString()));
        }
        List<Layer> layers = new ArrayList<>();
        for (String name : layerNames) {
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                throw new IOException(tar + " lacks its layer " + name);
            }
            layers.add(new Layer(name, files(bytes)));
        }
        return new OciImage(manifest, config, layers);
    }

    /** The file system the container sees: every path with the last layer's version of it. */
    public Map<String, LayerFile> fileSystem() {
        Map<String, LayerFile> files = new LinkedHashMap<>();
        for (Layer layer : layers) {
            for (LayerFile file : layer.files()) {
                files.put(file.path(), file);
            }
        }
        return files;
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) throws IOException {
        byte[] blob = entries.get(blobName(digest));
        if (blob == null) {
            throw new IOException("no blob " + digest);
        }
        return blob;
    }

    private static String blobName(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    static List<LayerFile> files(byte[] layer) throws IOException {
        InputStream raw = new ByteArrayInputStream(layer);
        InputStream data = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b ? new GzipCompressorInputStream(raw) : raw;
        List<LayerFile> files = new ArrayList<>();
        try (var tar = new TarArchiveInputStream(data)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                files.add(new LayerFile(path, entry.getMode(), entry.getLongUserId(), entry.getLongGroupId(), entry.isDirectory(),
                        entry.isSymbolicLink(), entry.isFile() ? tar.readAllBytes() : new byte[0], entry.getModTime().toInstant().getEpochSecond()));
            }
        }
        return files;
    }
}
